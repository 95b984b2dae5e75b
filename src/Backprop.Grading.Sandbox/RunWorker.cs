using System.Reflection;
using System.Runtime.Loader;
using Backprop.Kernel;
using Backprop.Kernel.Checking;

namespace Backprop.Grading.Sandbox;

/// <summary>The run child's work: loads one compiled answer from its bytes and calls it on each case's inputs.</summary>
internal static class RunWorker
{
    private const int MaxProblemLength = 2000;

    /// <summary>Runs one item's cases.</summary>
    /// <param name="request">The compiled answer and the case inputs.</param>
    public static SandboxResponse Run(SandboxRequest request)
    {
        MethodInfo invoke;
        try
        {
            var context = new AssemblyLoadContext(request.Item);
            using var image = new MemoryStream(request.Assembly);
            invoke = context.LoadFromStream(image).GetType("AnswerEntry")?.GetMethod("Invoke")
                ?? throw new InvalidDataException("the compiled answer has no AnswerEntry.Invoke");
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or InvalidDataException or IOException)
        {
            return new SandboxResponse(request.Item, request.Cases.Select(_ => new SandboxCaseOutput(null, Bounded($"could not be loaded: {e.Message}"))).ToArray());
        }

        return new SandboxResponse(request.Item, request.Cases.Select(inputs => RunCase(invoke, inputs)).ToArray());
    }

    /// <summary>
    /// Lets background work of the items run so far happen now: finalizers, then queued and running thread-pool work
    /// and pending timers, for up to a second (a quiet child returns after about 20 ms).
    /// </summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Thread.Sleep(20);
        while (clock.ElapsedMilliseconds < 1000 && BackgroundWorkLeft())
        {
            Thread.Sleep(10);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static bool BackgroundWorkLeft()
    {
        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out int freeWorkers, out _);
        return Timer.ActiveCount > 0 || ThreadPool.PendingWorkItemCount > 0 || maxWorkers - freeWorkers > 0;
    }

    private static SandboxCaseOutput RunCase(MethodInfo invoke, WireValue[] inputs)
    {
        try
        {
            object?[] arguments = [inputs.Select(i => i.ToObject()).ToArray()];
            var value = WireValue.From(invoke.Invoke(null, arguments));
            return value.Problem() is { } tooLarge
                ? new SandboxCaseOutput(null, $"returned {tooLarge}")
                : new SandboxCaseOutput(value, null);
        }
        catch (CheckOutputException e)
        {
            return new SandboxCaseOutput(null, Bounded(e.Message));
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            return new SandboxCaseOutput(null, Describe(inner));
        }
        catch (Exception e)
        {
            return new SandboxCaseOutput(null, Describe(e));
        }
    }

    private static string Describe(Exception e) => Bounded(e switch
    {
        TypeInitializationException { InnerException: { } inner } t =>
            $"threw TypeInitializationException: the static initializer of {t.TypeName} threw {inner.GetType().Name}: {SafeMessage(inner)}",
        NotImplementedException => $"is not implemented yet (it still throws NotImplementedException: {SafeMessage(e)})",
        OutOfMemoryException or InsufficientExecutionStackException => "ran out of memory (the sandbox allows a few hundred MB)",
        _ => $"threw {e.GetType().Name}: {SafeMessage(e)}",
    });

    private static string SafeMessage(Exception e)
    {
        try
        {
            return e.Message;
        }
        catch (Exception inner) when (inner is not OutOfMemoryException)
        {
            return "(its Message property threw " + inner.GetType().Name + ")";
        }
    }

    private static string Bounded(string text) =>
        text.Length <= MaxProblemLength ? text : text[..MaxProblemLength] + $"… (message cut at {MaxProblemLength} of {text.Length} characters)";
}
