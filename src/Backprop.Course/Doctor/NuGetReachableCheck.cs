using System.Text.RegularExpressions;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>At least one enabled NuGet source answers, so <c>#r "nuget:"</c> cells and restores can download packages.</summary>
internal sealed partial class NuGetReachableCheck : IDoctorCheck
{
    private const string Fix = "check the network or proxy (HTTPS_PROXY); notebooks download their packages from NuGet on first run";

    public string Name => "NuGet";

    public async Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        var listed = await ExternalProcess.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], repository.Root, TimeSpan.FromSeconds(60), cancellation);
        var sources = listed is null ? [] : EnabledSource().Matches(listed.Output).Select(m => m.Groups["url"].Value).ToArray();
        if (sources.Length == 0)
        {
            return DoctorFinding.Problem("no enabled NuGet source over http(s) is configured", "add one: dotnet nuget add source https://api.nuget.org/v3/index.json -n nuget.org");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var failures = new List<string>();
        foreach (var source in sources)
        {
            try
            {
                using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return DoctorFinding.Ok($"{source} answers ({(int)response.StatusCode})");
                }

                failures.Add($"{source} answered {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{source}: {e.Message}");
            }
        }

        return DoctorFinding.Problem(string.Join("; ", failures), Fix);
    }

    [GeneratedRegex(@"^\s*E\S*\s+(?<url>https?://\S+)", RegexOptions.Multiline)]
    private static partial Regex EnabledSource();
}
