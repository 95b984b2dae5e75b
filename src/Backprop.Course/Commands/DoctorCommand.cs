using System.CommandLine;
using Backprop.Course.Doctor;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop doctor</c>: checks what a student needs and prints OK or a one-line fix for each item.</summary>
internal sealed class DoctorCommand : ICommand
{
    /// <summary>The checks, in the order a student would fix them.</summary>
    internal static IReadOnlyList<IDoctorCheck> Checks { get; } =
    [
        new SdkVersionCheck(),
        new LibraryPackageCheck(),
        new NotebookReferencesCheck(),
        new KernelToolCheck(),
        new JupyterKernelspecCheck(),
        new VsCodeKernelCheck(),
        new NotebookPinsCheck(),
        new NuGetReachableCheck(),
        new OfflineFirstUseCheck(),
    ];

    public Command Build(CommandContext context)
    {
        var command = new Command("doctor", $"""
            Check the SDK, the library package, the pinned kernel, Jupyter, the notebook pins and NuGet.
            Checks, and prints OK or a one-line fix for each: the .NET SDK against global.json; that .feed/ holds the
            package Backprop.Kernel packed from the current sources (and NuGet caches no other copy of its version), and
            that the notebooks load it with #r "nuget: Backprop.Kernel, V", V the Version in {LibraryPackage.ProjectFile}; that the pinned dotnet-interactive kernel is installed
            (once per user) and can draw charts; which kernelspec the notebooks name and which program it starts (when
            Jupyter is installed), and which program Polyglot Notebooks starts (.vscode/settings.json); that the notebooks' #r "nuget:" lines pin the versions in Directory.Packages.props; that every
            NuGet source answers. Exits 1 when something a student needs is broken.
            """);
        context.SetAction(command, (_, cancellation) => RunAsync(context, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellation)
    {
        var output = context.Output.Writer;
        var error = context.Error.Writer;
        if (RepositoryLayout.Find() is not { } repository)
        {
            error.WriteLine($"backprop doctor: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout.");
            return 2;
        }

        output.WriteLine($"backprop doctor: {repository.Root}");
        var findings = new List<(IDoctorCheck Check, DoctorFinding Finding)>();
        foreach (var check in Checks)
        {
            var finding = await check.RunAsync(repository, cancellation);
            findings.Add((check, finding));
            if (!context.Output.Styled)
            {
                // The plain form, one finding per line (and its fix below it), is what CI logs and scripts read.
                output.WriteLine($"  {Label(finding.Status),-8} {check.Name}: {finding.Detail}");
                if (finding.Status == DoctorStatus.Problem)
                {
                    output.WriteLine($"  {"",-8} fix: {finding.Fix}");
                }
            }
        }

        if (context.Output.Styled)
        {
            context.Output.Console.Write(DoctorTable.Of(findings.Select(f => (f.Check.Name, f.Finding)).ToArray(), Label));
        }

        int problems = findings.Count(f => f.Finding.Status == DoctorStatus.Problem);

        output.WriteLine(problems == 0 ? "doctor: everything a student needs is in place." : $"doctor: {problems} problem(s); apply the fixes above, then run doctor again.");
        return problems == 0 ? 0 : 1;
    }

    internal static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "OK",
        DoctorStatus.Problem => "PROBLEM",
        _ => "SKIPPED",
    };
}
