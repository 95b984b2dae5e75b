using System.Diagnostics;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// A test of one OS layer: reported as skipped, with the grader's own reason, where that layer is not available
/// (macOS, Windows, a normal user for the user layer, a kernel without namespaces); never passes without running.
/// As root (CI, Gradescope) it first creates the sandbox user if it is missing, as the autograder's setup.sh does.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LayerFactAttribute : FactAttribute
{
    public LayerFactAttribute(IsolationLayers layer)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "OS isolation layers exist on Linux only; this machine runs " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;
            return;
        }

        SandboxUser.EnsureExists();
        if (layer is IsolationLayers.UnprivilegedUser or IsolationLayers.Namespaces)
        {
            var plan = IsolationPlan.For(SandboxOptions.Default with { Layers = layer });
            if (plan.Layers.Count == 0)
            {
                Skip = "layer unavailable here: " + string.Join("; ", plan.Warnings);
            }
        }
    }
}

/// <summary>Creates the sandbox account when the tests run as root and it is missing (as setup.sh does on Gradescope).</summary>
internal static class SandboxUser
{
    private static readonly Lazy<bool> Created = new(() =>
    {
        string user = SandboxOptions.Default.SandboxUser;
        if (!Environment.IsPrivilegedProcess || File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal)))
        {
            return false;
        }

        using var add = Process.Start("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user])!;
        add.WaitForExit();
        return add.ExitCode == 0;
    });

    public static void EnsureExists() => _ = Created.Value;
}
