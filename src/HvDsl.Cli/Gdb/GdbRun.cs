using System.IO;
using System.Net.Sockets;
using HvDsl.Cli.Running;
using HvDsl.Runtime.Debugging;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Gdb;
using Iced.Intel;

namespace HvDsl.Cli.Gdb;

/// <summary>
/// A <c>run</c> or <c>resume</c> with <c>--gdb</c>: the guest runs under <see cref="GuestDebugger"/>, stopped while gdb
/// holds it; gdb may detach and attach again; the run's end is told to gdb and reported as without it.
/// </summary>
internal static class GdbRun
{
    /// <summary>Runs <paramref name="session"/>'s guest to its end within <paramref name="budget"/> with a gdb stub on <paramref name="settings"/>' port; the exit status.</summary>
    public static int Run(string command, GuestSession session, GdbSettings settings, ulong budget, TextWriter stderr)
    {
        GdbListener listener;
        try
        {
            listener = new GdbListener(settings.EndPoint);
        }
        catch (SocketException problem)
        {
            stderr.WriteLine($"hvdsl {command}: --gdb {settings.EndPoint}: cannot listen: {problem.Message}");
            return ExitStatus.Unavailable;
        }
        using (listener)
        {
            if (session.Drive(() => Serve(command, session, listener, settings.Wait, budget, stderr)) is { } end)
                return session.Finish(end);
            session.Report();
            return ExitStatus.Interrupted;
        }
    }

    /// <summary>Serves gdb until the run ends (its last exit) or gdb kills the guest (null).</summary>
    private static VmExit? Serve(string command, GuestSession session, GdbListener listener, bool wait, ulong budget, TextWriter stderr)
    {
        stderr.WriteLine($"hvdsl {command}: gdb stub listening on {listener.EndPoint}{(wait ? ", the guest waits for gdb" : "")}");
        stderr.Flush();
        var vm = session.Machine.Vm;
        var debugger = new GuestDebugger(vm) { Budget = budget };
        var attach = wait;
        while (true)
        {
            if (!attach)
            {
                // Free running: a new gdb connection stops the guest where it is, as an attach does.
                var stop = debugger.Continue(() => listener.Pending || session.Interrupted);
                if (stop.Reason == DebugStopReason.Ended) return stop.End;
                if (session.Interrupted) return new VmExit(ExitReason.InstructionLimit, default(Instruction));
            }
            attach = false;
            using var socket = listener.Accept();
            var stub = new GdbStub(vm, debugger, socket, end => session.Status(end, out _), stderr);
            stderr.WriteLine($"hvdsl {command}: gdb connected from {socket.RemoteEndPoint} ({stub.Architecture})");
            var outcome = stub.Serve();
            switch (outcome.Kind)
            {
                case GdbOutcomeKind.Ended:
                    return outcome.End;
                case GdbOutcomeKind.Killed:
                    stderr.WriteLine($"hvdsl {command}: killed by gdb (guest RIP 0x{vm.Cpu.Rip:X})");
                    return null;
                default:
                    stderr.WriteLine($"hvdsl {command}: gdb detached; the guest runs on");
                    break;
            }
        }
    }
}
