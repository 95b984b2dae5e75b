using Backprop.Course.Setup;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Runner;

namespace Backprop.Course.Tests;

/// <summary>
/// .devcontainer/devcontainer.json against the dev container specification: JSON with comments and no trailing
/// commas, only properties the spec defines, each of the type the spec gives it, and what the course needs.
/// </summary>
public sealed class DevcontainerConfigTests
{
    // Top-level properties of devContainer.base.schema.json (image-based, Dockerfile-based and compose-based containers).
    private static readonly HashSet<string> SpecProperties =
    [
        "$schema", "name", "features", "overrideFeatureInstallOrder", "secrets", "forwardPorts", "portsAttributes",
        "otherPortsAttributes", "updateRemoteUserUID", "containerEnv", "containerUser", "mounts", "init", "privileged",
        "capAdd", "securityOpt", "remoteEnv", "remoteUser", "initializeCommand", "onCreateCommand", "updateContentCommand",
        "postCreateCommand", "postStartCommand", "postAttachCommand", "waitFor", "userEnvProbe", "hostRequirements",
        "customizations", "additionalProperties", "image", "build", "appPort", "runArgs", "shutdownAction",
        "overrideCommand", "workspaceFolder", "workspaceMount", "dockerComposeFile", "service", "runServices",
    ];

    private static readonly string Root = RepositoryLayout.Find(AppContext.BaseDirectory)!.Root;

    private static readonly JsonElement Config = Parse(File.ReadAllText(Path.Combine(Root, ".devcontainer", "devcontainer.json")));

    [Fact]
    public void It_is_JSON_with_comments_and_without_trailing_commas_as_the_spec_requires() =>
        Assert.Equal(JsonValueKind.Object, Config.ValueKind);

    [Fact]
    public void Every_top_level_property_is_one_the_spec_defines() =>
        Assert.All(Config.EnumerateObject(), p => Assert.True(SpecProperties.Contains(p.Name), $"'{p.Name}' is not a dev container property"));

    [Fact]
    public void The_image_is_a_NET_10_devcontainer_image_pinned_to_a_release_tag()
    {
        string image = Config.GetProperty("image").GetString()!;
        Assert.Matches(@"^mcr\.microsoft\.com/devcontainers/dotnet:\d+\.\d+\.\d+-10\.0(-[a-z]+)?$", image);
    }

    [Fact]
    public void Properties_have_the_types_the_spec_gives_them()
    {
        Assert.Equal(JsonValueKind.String, Config.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.String, Config.GetProperty("remoteUser").ValueKind);
        Assert.All(Config.GetProperty("containerEnv").EnumerateObject(), v => Assert.Equal(JsonValueKind.String, v.Value.ValueKind));
        var host = Config.GetProperty("hostRequirements");
        Assert.True(host.GetProperty("cpus").GetInt32() >= 1);
        Assert.Matches(@"^\d+([tgmk]b)?$", host.GetProperty("memory").GetString());
        Assert.Contains(Config.GetProperty("postCreateCommand").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Array, JsonValueKind.Object });
        var vscode = Config.GetProperty("customizations").GetProperty("vscode");
        Assert.All(vscode.GetProperty("extensions").EnumerateArray(), e => Assert.Matches(@"^[a-z0-9-]+\.[a-z0-9-]+$", e.GetString()));
        Assert.Equal(JsonValueKind.Object, vscode.GetProperty("settings").ValueKind);
    }

    [Fact]
    public void It_installs_Polyglot_Notebooks_Jupyter_and_the_CSharp_Dev_Kit()
    {
        var extensions = Config.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
        Assert.Contains("ms-toolsai.jupyter", extensions);
        Assert.Contains("ms-dotnettools.csdevkit", extensions);
    }

    [Fact]
    public void Polyglot_Notebooks_is_pointed_at_the_per_user_pinned_kernel_that_setup_installs_there()
    {
        var settings = Config.GetProperty("customizations").GetProperty("vscode").GetProperty("settings");
        string home = Config.GetProperty("containerEnv").GetProperty(PinnedKernelTool.HomeVariable).GetString()!;
        Assert.Equal("/home/" + Config.GetProperty("remoteUser").GetString() + "/.local/share/backprop", home);
        foreach (var name in new[] { "dotnet-interactive.kernelTransportArgs", "dotnet-interactive.notebookParserArgs" })
        {
            string launcher = settings.GetProperty(name)[0].GetString()!;
            Assert.Equal(new PinnedKernelTool(home).Executable, launcher);
        }
    }

    [Fact]
    public void The_post_create_command_runs_an_executable_script_in_dot_devcontainer()
    {
        var match = Regex.Match(Config.GetProperty("postCreateCommand").GetString()!, @"^bash (\.devcontainer/[\w.-]+\.sh)$");
        Assert.True(match.Success, "postCreateCommand should be 'bash .devcontainer/<script>.sh'");
        string script = File.ReadAllText(Path.Combine(Root, match.Groups[1].Value));
        Assert.StartsWith("#!/usr/bin/env bash", script);
        Assert.Contains("-- setup", script);
        Assert.Contains("-- doctor", script);
        Assert.Contains("jupyter-nbconvert", script);
    }

    private static JsonElement Parse(string jsonWithComments)
    {
        using var document = JsonDocument.Parse(jsonWithComments, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        return document.RootElement.Clone();
    }
}
