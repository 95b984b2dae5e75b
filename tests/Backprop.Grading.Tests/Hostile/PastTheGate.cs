using System.Diagnostics;
using Backprop.Grading.Isolation;
using Backprop.Grading.Sandbox;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// Answers compiled straight to bytes, without the API walk, against every framework assembly: what a student gets
/// when the API gate misses a route. Whatever these do, only the OS layers and the fault rule stand in the way.
/// </summary>
internal static class PastTheGate
{
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>An assembly whose <c>AnswerEntry.Invoke(object[] a)</c> has <paramref name="body"/>; <paramref name="members"/> go beside it.</summary>
    public static byte[] Build(string body, string members = "")
    {
        string source = $$"""
            using System;
            using System.Collections.Generic;
            using MathNet.Numerics.LinearAlgebra;
            public static class AnswerEntry
            {
                public static object Invoke(object[] a) { {{body}} }
                {{members}}
            }
            """;
        var compilation = CSharpCompilation.Create("Attack" + Guid.NewGuid().ToString("N")[..8], [CSharpSyntaxTree.ParseText(source)], Framework.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return image.ToArray();
    }

    /// <summary>A request with one case: two 2-vectors, as p1.dJ_ds takes.</summary>
    public static SandboxRequest Request(string item, byte[] assembly) =>
        new(item, assembly, [[WireValue.From(Vector<double>.Build.DenseOfArray([0, 1])), WireValue.From(Vector<double>.Build.DenseOfArray([0.25, 0.75]))]]);

    /// <summary>The body of an answer that returns y − p, the right p1.dJ_ds.</summary>
    public const string Correct = "return (Vector<double>)a[0] - (Vector<double>)a[1];";

    /// <summary>True when the outcome is the correct y − p of <see cref="Request"/>.</summary>
    public static bool IsCorrect(SandboxOutcome outcome) =>
        outcome.Outputs is [{ Problem: null, Value.Values: [-0.25, 0.25] }];

    /// <summary>
    /// Runs a probe built from <paramref name="body"/> and <paramref name="members"/> alone in a child with
    /// <paramref name="options"/>, and returns what it reports: a probe ends by throwing an exception whose message
    /// starts with PROBE, which comes back as the case's problem.
    /// </summary>
    /// <param name="body">The probe's statements.</param>
    /// <param name="members">Declarations it needs (P/Invokes, helpers).</param>
    /// <param name="options">The layers to run it under.</param>
    public static string Probe(string body, string members, SandboxOptions options)
    {
        var outcome = RunAlone(Build(body, members), options);
        Assert.True(outcome.Outputs is not null, outcome.Problem);
        string report = outcome.Outputs[0].Problem ?? "";
        Assert.Contains("PROBE", report);
        return report;
    }

    /// <summary>Runs one request alone in a fresh child with the given layers and returns its outcome.</summary>
    public static SandboxOutcome RunAlone(byte[] assembly, SandboxOptions options, double seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        var outcome = ItemRunner.RunAlone(options, Request("probe", assembly), TimeSpan.FromSeconds(seconds));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds + 30), "the run took far longer than its limit");
        return outcome;
    }
}
