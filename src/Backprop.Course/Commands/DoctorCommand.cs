using Backprop.Course.Doctor;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop doctor</c>: checks what a student needs and prints OK or a one-line fix for each item.</summary>
internal sealed class DoctorCommand : ICommand
{
    /// <summary>The checks, in the order a student would fix them.</summary>
    private static readonly IDoctorCheck[] Checks =
    [
        new SdkVersionCheck(),
        new KernelLibraryBuiltCheck(),
        new KernelToolCheck(),
        new JupyterKernelspecCheck(),
        new NotebookPinsCheck(),
        new NuGetReachableCheck(),
        new OfflineFirstUseCheck(),
    ];

    public string Name => "doctor";

    public string Summary => "Check the SDK, the built library, the pinned kernel, Jupyter, the notebook pins and NuGet.";

    public string Usage => """
        Usage: backprop doctor

        Checks, and prints OK or a one-line fix for each:
          the .NET SDK against global.json; that src/Backprop.Kernel is built; that the pinned
          dotnet-interactive kernel is installed in .tools/ and can draw charts; that the Jupyter
          kernelspec is registered (when Jupyter is installed); that the notebooks' #r "nuget:" pins match
          Directory.Packages.props; that NuGet can be reached.
        Exits 1 when something a student needs is broken.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"doctor takes no arguments, but got '{args[0]}'.");
        }

        if (RepositoryLayout.Find() is not { } repository)
        {
            error.WriteLine($"backprop doctor: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout.");
            return 2;
        }

        output.WriteLine($"backprop doctor: {repository.Root}");
        int problems = 0;
        foreach (var check in Checks)
        {
            var finding = await check.RunAsync(repository, cancellation);
            output.WriteLine($"  {Label(finding.Status),-8} {check.Name}: {finding.Detail}");
            if (finding.Status == DoctorStatus.Problem)
            {
                output.WriteLine($"  {"",-8} fix: {finding.Fix}");
                problems++;
            }
        }

        output.WriteLine(problems == 0 ? "doctor: everything a student needs is in place." : $"doctor: {problems} problem(s); apply the fixes above, then run doctor again.");
        return problems == 0 ? 0 : 1;
    }

    private static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "OK",
        DoctorStatus.Problem => "PROBLEM",
        _ => "SKIPPED",
    };
}
