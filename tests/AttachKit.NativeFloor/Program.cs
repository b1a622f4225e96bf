using System.Net.Sockets;

// The least a NativeAOT program can do, as a floor for the native attachkit's start-up and warm attach
// (tests/AttachKit.Benchmarks, startup suite). With no argument: start and exit. With an agent's socket
// path: one blocking exchange on the calling thread (connect, send `version`, read to the end), no
// command line, no thread pool, no framing beyond checking the reply's opening status.
if (args.Length == 0)
{
    return 0;
}

using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
socket.Connect(new UnixDomainSocketEndPoint(args[0]));
socket.Send("1\0version\0\0"u8);
var reply = new byte[64 * 1024];
var length = 0;
int read;
while (length < reply.Length && (read = socket.Receive(reply.AsSpan(length))) > 0)
{
    length += read;
}

using var stdout = Console.OpenStandardOutput();
stdout.Write(reply, 0, length);
return reply.AsSpan(0, length).StartsWith("0 ok\n"u8) ? 0 : 1;
