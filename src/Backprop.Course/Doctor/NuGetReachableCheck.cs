namespace Backprop.Course.Doctor;

/// <summary>
/// Every enabled NuGet source answers. One dead source is enough to break a student's first <c>#r "nuget:"</c> cell:
/// with an empty package cache NuGet asks every source and fails with NU1301 when one of them does not answer.
/// </summary>
internal sealed class NuGetReachableCheck(TimeSpan? timeout = null) : IDoctorCheck
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(15);

    public string Name => "NuGet";

    public async Task<DoctorFinding> RunAsync(Runner.RepositoryLayout repository, CancellationToken cancellation)
    {
        var sources = await NuGetSources.EnabledAsync(repository.Root, cancellation);
        if (sources is null)
        {
            return DoctorFinding.Problem("'dotnet nuget list source' failed, so the NuGet sources cannot be read", "check that every NuGet.Config above the checkout and in ~/.nuget/NuGet/ is valid XML (dotnet nuget config paths lists them)");
        }

        if (sources.Count == 0)
        {
            return DoctorFinding.Problem("no enabled NuGet source is configured", "add one: dotnet nuget add source https://api.nuget.org/v3/index.json -n nuget.org");
        }

        using var http = new HttpClient { Timeout = _timeout };
        var failures = new List<(NuGetSources.Source Source, string Why)>();
        foreach (var source in sources)
        {
            if (await ProbeAsync(http, source.Location, cancellation) is { } why)
            {
                failures.Add((source, why));
            }
        }

        if (failures.Count == 0)
        {
            return DoctorFinding.Ok(sources.Count == 1 ? $"{sources[0].Location} answers" : $"all {sources.Count} sources answer ({string.Join(", ", sources.Select(s => s.Location))})");
        }

        string detail = $"{failures.Count} of {sources.Count} NuGet sources fail: "
            + string.Join("; ", failures.Select(f => $"{f.Source.Location} {f.Why}" + (f.Source.ConfigFile is { } file ? $" (added by {file})" : "")))
            + "; with an empty package cache the first #r \"nuget:\" cell then fails with NU1301";
        return DoctorFinding.Problem(detail, Fix(failures.Select(f => f.Source).ToArray(), allFailed: failures.Count == sources.Count));
    }

    /// <summary>The fix: the config file to edit when that is the cause, the network or proxy otherwise.</summary>
    private static string Fix(IReadOnlyList<NuGetSources.Source> failing, bool allFailed)
    {
        var configured = failing.Where(s => s.ConfigFile is not null).ToArray();
        bool localFolders = failing.Any(s => !s.Location.Contains("://", StringComparison.Ordinal));
        if (configured.Length > 0 && (!allFailed || localFolders))
        {
            // Another source answers (or the dead one is a folder): the network is fine, the config names a source that is not.
            return string.Join("; ", configured.Select(s => $"remove or correct the source '{s.Key}' in {s.ConfigFile} (dotnet nuget remove source \"{s.Key}\" --configfile \"{s.ConfigFile}\")"));
        }

        string files = configured.Length > 0 ? $"; if these sources are wrong, edit {string.Join(", ", configured.Select(s => s.ConfigFile).Distinct())}" : "";
        return $"check the network or proxy (HTTPS_PROXY); notebooks download their packages from NuGet on first run{files}";
    }

    /// <summary>Null when the source answers, else why not.</summary>
    private static async Task<string?> ProbeAsync(HttpClient http, string location, CancellationToken cancellation)
    {
        if (!location.Contains("://", StringComparison.Ordinal))
        {
            return Directory.Exists(location) ? null : "is a folder that does not exist";
        }

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "is not an http(s) address or a folder";
        }

        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellation);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"does not answer ({e.Message})";
        }
    }
}
