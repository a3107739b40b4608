using System.Net;

namespace HvDsl.Cli.Gdb;

/// <summary>Where <c>--gdb</c> listens and whether <c>--gdb-wait</c> holds the guest until gdb connects.</summary>
/// <param name="EndPoint">The address and port (127.0.0.1 unless <c>--gdb HOST:PORT</c> names another; port 0 picks a free one).</param>
/// <param name="Wait">Whether the guest waits, stopped before its first instruction, for gdb to connect.</param>
internal sealed record GdbSettings(IPEndPoint EndPoint, bool Wait);
