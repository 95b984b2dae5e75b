using System.CommandLine;
using Backprop.Course.Setup;
using Backprop.Runner;

namespace Backprop.Course.Commands;

/// <summary><c>backprop setup</c>: pins the notebook kernel for VS Code and Jupyter and makes its charts work.</summary>
internal sealed class SetupCommand : ICommand
{
    public Command Build(CommandContext context)
    {
        var command = new Command("setup", $"""
            Install the pinned notebook kernel; register it with Jupyter and VS Code.
            Idempotent; says what it did (or that it was already done):
              1. installs dotnet-interactive {PinnedKernelTool.Version} once per user, in
                 {PinnedKernelTool.DefaultHome}/dotnet-interactive/{PinnedKernelTool.Version}/ (every checkout, release or
                 course copy of the kit shares it; ${PinnedKernelTool.HomeVariable} moves it);
              2. replaces its FSharp.Core with {PinnedKernelTool.FSharpCoreVersion}, which Plotly.NET 6.0.0 needs for charts;
              3. installs the kit's kernel hook once per user and build, in {PinnedKernelTool.DefaultHome}/kernel-hook/, and
                 registers the kit's own Jupyter kernelspec {JupyterKernelSpec.Name} to run that tool with the hook (when
                 jupyter is on PATH); the hook turns off the tool's HTTP bootstrap, a script that would load require.js
                 from a CDN and probe the kernel's address in every notebook's first cell; no other kernelspec (such as
                 .net-csharp) is touched;
              4. writes this checkout's .vscode/settings.json so that Polyglot Notebooks starts that tool;
              5. packs this checkout's library into .feed/ as the package {LibraryPackage.Id} that the notebooks load
                 (notebooks/nuget.config names the feed), with the Version of {LibraryPackage.ProjectFile} (1.0.0 in the
                 course repository; a release's own, stamped by assign, so the two never share NuGet's cached copy), when
                 it is missing or older than its sources, and removes NuGet's cached copy of that version when it is not
                 this package (an older pack of it, say after an edit of the library).
            """);
        context.SetAction(command, (_, cancellation) => RunAsync(context.Output.Writer, context.Error.Writer, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (RepositoryLayout.Find() is not { } layout)
        {
            error.WriteLine($"backprop setup: cannot find the kit's root ({RepositoryLayout.SolutionFileName}) above {Environment.CurrentDirectory}. Run it inside the checkout.");
            return 2;
        }

        var tool = new PinnedKernelTool();
        try
        {
            output.WriteLine("setup: " + await tool.InstallAsync(cancellation));
            output.WriteLine("setup: " + tool.AlignFSharpCore());
            var (hook, hookSaid) = new KernelHook(tool.Home).Install();
            output.WriteLine("setup: " + hookSaid);
            output.WriteLine("setup: " + await JupyterKernelSpec.RegisterAsync(tool.Executable, hook, layout.Root, cancellation));
            output.WriteLine("setup: " + await VsCodeSettings.WriteAsync(layout.Root, tool.Executable, cancellation));
        }
        catch (SetupException e)
        {
            error.WriteLine($"backprop setup: {e.Message}");
            return 1;
        }

        string version;
        try
        {
            version = LibraryPackage.Version(layout.Root);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"backprop setup: {e.Message}");
            return 1;
        }

        bool packed = LibraryPackage.IsCurrent(layout.Root);
        if (await layout.EnsureLibraryPackageAsync(output, cancellation, dropStaleCachedCopy: true) is { } packError)
        {
            error.WriteLine($"backprop setup: {packError}");
            return 1;
        }

        output.WriteLine(packed
            ? $"setup: .feed/ already holds {LibraryPackage.Id} {version} packed from the current sources."
            : $"setup: packed {LibraryPackage.Id} {version} into .feed/ (the notebooks' #r \"nuget: {LibraryPackage.Id}, {version}\").");

        output.WriteLine($"setup: done. Jupyter: jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name={JupyterKernelSpec.Name} notebooks/*.ipynb; VS Code: reopen the notebooks.");
        return 0;
    }
}
