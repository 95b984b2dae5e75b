using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// A test of one OS layer: reported as skipped, with the grader's own reason, where that layer is not available
/// (macOS, Windows, a normal user for the user layer, a kernel without namespaces); never passes without running.
/// Nothing is created on the host: as root, children run as uids with no account.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LayerFactAttribute : FactAttribute
{
    public LayerFactAttribute(IsolationLayers layer, bool cgroup = false)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "OS isolation layers exist on Linux only; this machine runs " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;
            return;
        }

        if (cgroup && ChildCgroup.Problem is { } problem)
        {
            Skip = "no cgroup here: " + problem;
            return;
        }

        if (layer is IsolationLayers.UnprivilegedUser or IsolationLayers.Namespaces or (IsolationLayers.Namespaces | IsolationLayers.MinimalRoot))
        {
            var plan = IsolationPlan.For(SandboxOptions.Default with { Layers = layer });
            if (plan.Layers.Count == 0 || plan.Warnings.Count > 0)
            {
                Skip = "layer unavailable here: " + string.Join("; ", plan.Warnings);
            }
        }
    }
}
