using System.Runtime.InteropServices;
using Backprop.Grading.Isolation;

namespace Backprop.Grading.Tests.Hostile;

/// <summary>
/// What a child inherits from the grader: descriptors the grader was started with (opened without close-on-exec, as
/// a shell redirection or a parent process leaves them) and the grader's session with its terminal. Code that never
/// met the API gate tries to write through such a descriptor, to find its session, and to type into a terminal with
/// TIOCSTI; each must find nothing to use.
/// </summary>
public sealed class InheritanceTests : IDisposable
{
    private const int SetDescriptorFlags = 2;
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, "inherited", Guid.NewGuid().ToString("N")[..8]);

    public InheritanceTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private const string Members = """
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern nint write(int fd, byte[] data, nint count);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int getsid(int pid);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int getpid();
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int ioctl(int fd, ulong request, ref byte c);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern int open(string path, int flags);
        static int Errno() => System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        """;

    private static string Probe(SandboxOptions options, string body) => PastTheGate.Probe(body, Members, options);

    [LayerFact(IsolationLayers.None)]
    public void A_descriptor_the_grader_was_started_with_cannot_be_written_from_a_child()
    {
        // The grader holds a descriptor it inherited (no close-on-exec), as a parent process or a shell redirection leaves it.
        string target = Path.Combine(_folder, "outside.txt");
        using var handle = File.OpenHandle(target, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        int fd = (int)handle.DangerousGetHandle();
        Assert.Equal(0, fcntl(fd, SetDescriptorFlags, 0)); // .NET opens with close-on-exec; this one is inherited as-is
        {
            string body = $$"""
                var data = System.Text.Encoding.ASCII.GetBytes("escaped\n");
                nint n = write({{fd}}, data, data.Length);
                throw new Exception("PROBE write=" + n + " errno=" + Errno());
                """;
            foreach (var layers in new[] { IsolationLayers.None, IsolationLayers.All })
            {
                string report = Probe(SandboxOptions.Default with { Layers = layers }, body);
                Assert.Contains("write=-1 errno=9", report); // EBADF: no such descriptor in the child
            }

            Assert.Equal(0, new FileInfo(target).Length);
        }
    }

    [LayerFact(IsolationLayers.None)]
    public void A_child_leads_a_session_of_its_own_with_no_controlling_terminal()
    {
        // ENXIO (6) opening /dev/tty: no controlling terminal, whether or not the grader has one.
        const string body = """
            int sid = getsid(0), pid = getpid();
            int tty = open("/dev/tty", 2);
            throw new Exception("PROBE leader=" + (sid == pid) + " sid=" + sid + " pid=" + pid + " tty=" + tty + "/" + Errno());
            """;
        foreach (var layers in new[] { IsolationLayers.None, IsolationLayers.All & ~IsolationLayers.MinimalRoot })
        {
            string report = Probe(SandboxOptions.Default with { Layers = layers }, body);
            Assert.Contains("leader=True", report);
            Assert.Contains("tty=-1/6", report);
        }

        // In a minimal root there is no /dev/tty to open at all: ENOENT (2).
        string minimal = Probe(SandboxOptions.Default with { Layers = IsolationLayers.All }, body);
        Assert.Contains("leader=True", minimal);
        Assert.Contains("tty=-1/2", minimal);
    }

    [LayerFact(IsolationLayers.SyscallFilter)]
    public void The_syscall_filter_refuses_typing_into_a_terminal()
    {
        // TIOCSTI on stdin: EPERM (1) from the filter; without it the kernel would answer ENOTTY (25) for a pipe, and
        // on a terminal type the byte into the grader's shell.
        const string body = """
            byte c = (byte)'x';
            int sti = ioctl(0, 0x5412, ref c);
            int stiErrno = Errno();
            int linux = ioctl(0, 0x541C, ref c);
            int linuxErrno = Errno();
            int other = ioctl(0, 0x541B, ref c); // FIONREAD: still allowed, so the filter is shown to pick requests
            throw new Exception("PROBE sti=" + sti + "/" + stiErrno + " linux=" + linux + "/" + linuxErrno + " other-errno=" + (other == 0 ? 0 : Errno()));
            """;
        string report = Probe(SandboxOptions.Default with { Layers = IsolationLayers.SyscallFilter }, body);
        Assert.Contains("sti=-1/1 ", report);
        Assert.Contains("linux=-1/1 ", report);
        Assert.DoesNotContain("other-errno=1", report);
    }

#pragma warning disable SYSLIB1054 // a blittable call; LibraryImport would need unsafe code in the whole test project
    [DllImport("libc")]
    private static extern int fcntl(int fd, int command, int argument);
#pragma warning restore SYSLIB1054
}
