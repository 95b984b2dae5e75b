using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>
/// How to get an untouched notebook without losing a student's work: a fresh copy is always written beside the
/// student's file (or folder), never over it. Doctor's fixes use these words and never a command that overwrites.
/// </summary>
internal static class FreshCopy
{
    /// <summary>The advice for one notebook, e.g. <c>git show HEAD:notebooks/01-word-mlp.ipynb &gt; notebooks/01-word-mlp.fresh.ipynb</c>.</summary>
    public static string Of(RepositoryLayout repository, string notebookFileName)
    {
        string stem = Path.GetFileNameWithoutExtension(notebookFileName);
        return IsGitCheckout(repository)
            ? $"get a fresh copy beside yours (yours stays as it is): git show HEAD:notebooks/{notebookFileName} > notebooks/{stem}.fresh.ipynb"
            : $"get a fresh copy beside yours (yours stays as it is): download the release again into a new folder and copy notebooks/{notebookFileName} from there as notebooks/{stem}.fresh.ipynb";
    }

    /// <summary>The advice when the notebooks folder itself is missing or empty.</summary>
    public static string OfFolder(RepositoryLayout repository) =>
        IsGitCheckout(repository)
            ? $"get a fresh copy of the kit beside this one: git clone \"{repository.Root}\" \"{repository.Root}-fresh\", and copy the notebooks you need from its notebooks/"
            : "download the release again into a new folder and copy the notebooks you need from its notebooks/";

    private static bool IsGitCheckout(RepositoryLayout repository) =>
        Directory.Exists(Path.Combine(repository.Root, ".git")) || File.Exists(Path.Combine(repository.Root, ".git"));
}
