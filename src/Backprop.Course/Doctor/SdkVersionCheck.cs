using System.Text.Json;
using Backprop.Runner;

namespace Backprop.Course.Doctor;

/// <summary>The .NET SDK that <c>dotnet</c> picks in the repository satisfies global.json.</summary>
internal sealed class SdkVersionCheck : IDoctorCheck
{
    public string Name => ".NET SDK";

    public async Task<DoctorFinding> RunAsync(RepositoryLayout repository, CancellationToken cancellation)
    {
        string required = RequiredVersion(Path.Combine(repository.Root, "global.json"));
        string fix = $"install the .NET SDK {required} or a later 10.0 feature band from https://dotnet.microsoft.com/download/dotnet/10.0";
        var outcome = await ExternalProcess.RunAsync("dotnet", ["--version"], repository.Root, TimeSpan.FromSeconds(60), cancellation);
        if (outcome is null || outcome.ExitCode == -1)
        {
            return DoctorFinding.Problem("'dotnet' is not on PATH", fix);
        }

        string actual = outcome.Output.Trim();
        if (outcome.ExitCode != 0 || !Version.TryParse(actual.Split('-')[0], out var found))
        {
            string reason = (outcome.Error + outcome.Output).Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no output";
            return DoctorFinding.Problem($"no installed SDK satisfies global.json ({required}): {reason}", fix);
        }

        var wanted = Version.Parse(required.Split('-')[0]);
        return found.Major == wanted.Major && found.Minor == wanted.Minor && found >= wanted
            ? DoctorFinding.Ok($"SDK {actual} satisfies global.json ({required}, same major.minor, not older)")
            : DoctorFinding.Problem($"SDK {actual} is in use but global.json asks for {required}", fix);
    }

    private static string RequiredVersion(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(globalJson));
            return document.RootElement.GetProperty("sdk").GetProperty("version").GetString()
                ?? throw new InvalidDataException("sdk.version is null");
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidDataException)
        {
            throw new UsageException($"cannot read the SDK version from {globalJson}: {e.Message}. Restore it with 'git checkout global.json'.");
        }
    }
}
