using Backprop.Course.Doctor;
using Backprop.Runner;

namespace Backprop.Course.Tests;

/// <summary>doctor names the packages that a first run would download, and is a problem only when it cannot.</summary>
public sealed class OfflineFirstUseCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backprop-offline-").FullName;

    private RepositoryLayout Repository()
    {
        File.WriteAllText(Path.Combine(_root, RepositoryLayout.SolutionFileName), "");
        Directory.CreateDirectory(Path.Combine(_root, "notebooks"));
        var cell = "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"";
        File.WriteAllText(Path.Combine(_root, "notebooks", "01-a.ipynb"),
            "{\"cells\":[{\"cell_type\":\"code\",\"metadata\":{},\"outputs\":[],\"source\":" + System.Text.Json.JsonSerializer.Serialize(cell) + "}],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}");
        return new RepositoryLayout(_root);
    }

    private string Cache(params string[] packages)
    {
        var cache = Path.Combine(_root, "cache");
        foreach (var package in packages)
        {
            var folder = Path.Combine(cache, package);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"), "{}");
        }

        return cache;
    }

    [Fact]
    public async Task With_every_pin_in_the_cache_the_notebooks_and_apps_run_offline()
    {
        var repository = Repository();
        var cache = Cache("mathnet.numerics/5.0.0", "plotly.net.interactive/6.0.0", "plotly.net/6.0.0");

        var finding = await new OfflineFirstUseCheck(cache).RunAsync(repository, default);

        Assert.Equal(DoctorStatus.Ok, finding.Status);
        Assert.Contains("all 3 pinned packages are in the NuGet cache", finding.Detail); // Plotly.NET: the apps' package
    }

    [Fact]
    public async Task A_pin_missing_from_the_cache_is_named_as_a_download_at_first_use()
    {
        var repository = Repository();
        var cache = Cache("mathnet.numerics/5.0.0", "plotly.net.interactive/6.0.0");

        var finding = await new OfflineFirstUseCheck(cache).RunAsync(repository, default);

        // Ok while NuGet answers, a problem when it does not; either way the download is named.
        Assert.Contains("downloads Plotly.NET 6.0.0 from NuGet", finding.Detail);
        Assert.DoesNotContain("MathNet.Numerics 5.0.0", finding.Detail);
        Assert.True(finding.Status == DoctorStatus.Ok || finding.Fix!.Contains("connect once", StringComparison.Ordinal), finding.Detail);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
