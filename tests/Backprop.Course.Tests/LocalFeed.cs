using System.Net;
using System.Net.Sockets;

namespace Backprop.Course.Tests;

/// <summary>A NuGet source stand-in on the loopback: answers 200 to every request, so doctor tests need no network.</summary>
internal sealed class LocalFeed : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _requests;

    public LocalFeed()
    {
        int port = UnusedPort();
        Url = $"http://127.0.0.1:{port}/v3/index.json";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The service index address.</summary>
    public string Url { get; }

    /// <summary>How many requests it has answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback port that nothing listens on (bound and released).</summary>
    public static int UnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = 200;
            var body = """{"version": "3.0.0", "resources": []}"""u8.ToArray();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
