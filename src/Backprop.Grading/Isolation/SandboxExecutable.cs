namespace Backprop.Grading.Isolation;

/// <summary>
/// How a confined child is started. A grader published by <c>eng/publish-grader.sh</c> (as the autograder's setup.sh
/// does) carries a self-contained build of the sandbox in <c>sandbox/</c>, with Roslyn and the framework precompiled
/// together (composite ReadyToRun): its compile child is ready in about half the time. Otherwise the sandbox assembly
/// next to the grader runs on the grader's own dotnet host.
/// </summary>
internal static class SandboxExecutable
{
    /// <summary>The folder, under the grader's, that holds the self-contained sandbox.</summary>
    public const string SelfContainedFolder = "sandbox";

    /// <summary>The sandbox's name, as assembly and as apphost.</summary>
    public const string Name = "Backprop.Grading.Sandbox";

    /// <summary>The command line that starts the sandbox (mode and limits follow it).</summary>
    /// <param name="graderFolder">The folder the grader runs from.</param>
    public static IReadOnlyList<string> Command(string graderFolder)
    {
        string selfContained = Path.Combine(graderFolder, SelfContainedFolder, OperatingSystem.IsWindows() ? Name + ".exe" : Name);
        return File.Exists(selfContained) && File.Exists(Path.Combine(graderFolder, SelfContainedFolder, Name + ".dll"))
            ? [selfContained]
            : [DotnetHost.Path, Path.Combine(graderFolder, Name + ".dll")];
    }
}
