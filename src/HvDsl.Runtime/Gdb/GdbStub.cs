using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Debugging;
using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Gdb;

/// <summary>
/// Serves one gdb connection (the GDB remote serial protocol, all-stop): registers through the target description
/// chosen by the boot vCPU's mode when gdb connects, memory through the selected vCPU's paging, breakpoints,
/// watchpoints, steps and continues through <see cref="GuestDebugger"/>, one thread per vCPU. The guest is stopped
/// while gdb is attached and not running it.
/// </summary>
public sealed class GdbStub
{
    private const int Sigint = 2, Sigtrap = 5;

    private readonly Vm _vm;
    private readonly GuestDebugger _debugger;
    private readonly GdbConnection _connection;
    private readonly Func<VmExit, int> _exitStatus;
    private readonly TargetDescription _target;
    private VCpu _selected;
    private string _lastStop;

    /// <summary>
    /// Serves gdb on <paramref name="socket"/> for <paramref name="debugger"/>'s VM; <paramref name="exitStatus"/> gives
    /// the status gdb is told when the run ends; refused packets are reported on <paramref name="log"/>.
    /// </summary>
    public GdbStub(Vm vm, GuestDebugger debugger, Socket socket, Func<VmExit, int> exitStatus, TextWriter? log = null)
    {
        _vm = vm;
        _debugger = debugger;
        _connection = new GdbConnection(socket, log);
        _exitStatus = exitStatus;
        _selected = vm.Cpu;
        _target = vm.Cpu.Mode switch
        {
            CpuMode.Long64 or CpuMode.Compatibility => TargetDescription.X86_64,
            CpuMode.Real => TargetDescription.I8086,
            _ => TargetDescription.I386,
        };
        _lastStop = StopReply(new DebugStop(DebugStopReason.Step, vm.Cpu));
    }

    /// <summary>gdb's architecture for the layout this connection uses (i8086, i386 or i386:x86-64).</summary>
    public string Architecture => _target.Architecture;

    /// <summary>Answers packets until gdb detaches, kills the guest, goes away, or the run ends.</summary>
    public GdbOutcome Serve()
    {
        while (_connection.Receive() is { } packet)
        {
            var text = Encoding.Latin1.GetString(packet);
            if (Handle(text, packet) is { } outcome)
                return outcome;
        }
        _debugger.Clear();
        return new GdbOutcome(GdbOutcomeKind.Detached);
    }

    private GdbOutcome? Handle(string text, byte[] packet)
    {
        switch (text.Length == 0 ? '\0' : text[0])
        {
            case '?':
                _connection.Send(_lastStop);
                return null;
            case 'g':
                _connection.Send(ReadAll());
                return null;
            case 'G':
                _connection.Send(WriteAll(text.AsSpan(1)));
                return null;
            case 'p':
                _connection.Send(ReadOne(text.AsSpan(1)));
                return null;
            case 'P':
                _connection.Send(WriteOne(text.AsSpan(1)));
                return null;
            case 'm':
                _connection.Send(ReadMemory(text.AsSpan(1)));
                return null;
            case 'M':
                _connection.Send(WriteMemory(text.AsSpan(1), binary: null));
                return null;
            case 'X':
                _connection.Send(WriteMemory(text.AsSpan(1), packet));
                return null;
            case 'Z':
            case 'z':
                _connection.Send(Point(text[0] == 'Z', text.AsSpan(1)));
                return null;
            case 'c':
                return Resume(step: false, text.AsSpan(1));
            case 's':
                return Resume(step: true, text.AsSpan(1));
            case 'H':
                _connection.Send(SelectThread(text.AsSpan(1)));
                return null;
            case 'T':
                _connection.Send(Thread(text.AsSpan(1)) is not null ? "OK" : "E01");
                return null;
            case 'D':
                _debugger.Clear();
                _connection.Send("OK");
                return new GdbOutcome(GdbOutcomeKind.Detached);
            case 'k':
                return new GdbOutcome(GdbOutcomeKind.Killed);
            case 'v':
                return Verbose(text);
            case 'q':
            case 'Q':
                _connection.Send(Query(text));
                return null;
            default:
                // An empty reply is the protocol's "not supported".
                _connection.Send("");
                return null;
        }
    }

    private GdbOutcome? Verbose(string text)
    {
        if (text == "vCont?")
        {
            _connection.Send("vCont;c;C;s;S");
            return null;
        }
        if (text.StartsWith("vCont;", StringComparison.Ordinal))
        {
            // All-stop: a step of one thread lets the others run its instruction's turn; anything else continues all.
            foreach (var action in text[6..].Split(';'))
            {
                var parts = action.Split(':');
                if (parts[0].Length > 0 && parts[0][0] is 's' or 'S')
                {
                    if (parts.Length > 1 && Thread(parts[1]) is { } cpu) _selected = cpu;
                    return Resume(step: true, default);
                }
            }
            return Resume(step: false, default);
        }
        if (text.StartsWith("vKill", StringComparison.Ordinal))
        {
            _connection.Send("OK");
            return new GdbOutcome(GdbOutcomeKind.Killed);
        }
        _connection.Send("");
        return null;
    }

    private string Query(string text)
    {
        if (text.StartsWith("qSupported", StringComparison.Ordinal))
            return $"PacketSize={PacketDecoder.MaxPayload:x};qXfer:features:read+;QStartNoAckMode+;vContSupported+";
        if (text == "QStartNoAckMode")
        {
            _connection.StopAcking();
            return "OK";
        }
        if (text.StartsWith("qXfer:features:read:", StringComparison.Ordinal))
            return Features(text["qXfer:features:read:".Length..]);
        if (text.StartsWith("qAttached", StringComparison.Ordinal))
            return "1";
        if (text == "qC")
            return $"QC{ThreadId(_selected)}";
        if (text == "qfThreadInfo")
            return "m" + string.Join(',', _vm.Cpus.Select(ThreadId));
        if (text == "qsThreadInfo")
            return "l";
        if (text.StartsWith("qThreadExtraInfo,", StringComparison.Ordinal))
            return Thread(text.AsSpan("qThreadExtraInfo,".Length)) is { } cpu ? Hex.Bytes(Encoding.ASCII.GetBytes($"vCPU {cpu.Index} ({cpu.Mode})")) : "E01";
        return "";
    }

    private string Features(string request)
    {
        var colon = request.IndexOf(':');
        var comma = request.IndexOf(',', colon + 1);
        if (colon < 0 || comma < 0 || !Hex.TryNumber(request.AsSpan(colon + 1, comma - colon - 1), out var offset) || !Hex.TryNumber(request.AsSpan(comma + 1), out var length))
            return "E00";
        if (request[..colon] != "target.xml")
            return "E00";
        var xml = Encoding.ASCII.GetBytes(_target.Xml);
        if (offset >= (ulong)xml.Length)
            return "l";
        var count = (int)Math.Min(Math.Min(length, (ulong)xml.Length - offset), PacketDecoder.MaxPayload / 2);
        var last = offset + (ulong)count == (ulong)xml.Length;
        // The document is plain ASCII without reserved bytes, so it needs no escaping beyond the frame's own.
        return (last ? "l" : "m") + Encoding.ASCII.GetString(xml, (int)offset, count);
    }

    private string ReadAll()
    {
        var bytes = new byte[_target.Size];
        var at = 0;
        foreach (var register in _target.Registers)
        {
            RegisterAccess.Read(_selected, register, bytes.AsSpan(at, register.Bytes));
            at += register.Bytes;
        }
        return Hex.Bytes(bytes);
    }

    private string WriteAll(ReadOnlySpan<char> hex)
    {
        if (!Hex.TryBytes(hex, out var bytes) || bytes.Length != _target.Size)
            return "E22";
        var at = 0;
        var refused = false;
        foreach (var register in _target.Registers)
        {
            refused |= !RegisterAccess.Write(_selected, register, bytes.AsSpan(at, register.Bytes));
            at += register.Bytes;
        }
        return refused ? "E22" : "OK";
    }

    private string ReadOne(ReadOnlySpan<char> number)
    {
        if (!Hex.TryNumber(number, out var n) || n >= (ulong)_target.Registers.Count)
            return "E45";
        var register = _target.Registers[(int)n];
        var bytes = new byte[register.Bytes];
        RegisterAccess.Read(_selected, register, bytes);
        return Hex.Bytes(bytes);
    }

    private string WriteOne(ReadOnlySpan<char> assignment)
    {
        var equals = assignment.IndexOf('=');
        if (equals < 0 || !Hex.TryNumber(assignment[..equals], out var n) || n >= (ulong)_target.Registers.Count)
            return "E45";
        var register = _target.Registers[(int)n];
        if (!Hex.TryBytes(assignment[(equals + 1)..], out var bytes) || bytes.Length != register.Bytes)
            return "E22";
        return RegisterAccess.Write(_selected, register, bytes) ? "OK" : "E22";
    }

    private string ReadMemory(ReadOnlySpan<char> request)
    {
        if (!AddressAndLength(request, out var address, out var length, out _) || length > PacketDecoder.MaxPayload / 2)
            return "E22";
        var bytes = new byte[length];
        return _selected.DebugRead(address, bytes) ? Hex.Bytes(bytes) : "E14";
    }

    private string WriteMemory(ReadOnlySpan<char> request, byte[]? binary)
    {
        if (!AddressAndLength(request, out var address, out var length, out var dataAt))
            return "E22";
        byte[] data;
        if (binary is null)
        {
            if (!Hex.TryBytes(request[dataAt..], out data))
                return "E22";
        }
        // The X packet's data is raw bytes after the colon (the 'X' itself is at index 0 of the packet).
        else if (!PacketEncoder.Unescape(binary.AsSpan(dataAt + 1), out data))
            return "E22";
        if ((ulong)data.Length != length)
            return "E22";
        return _selected.DebugWrite(address, data) ? "OK" : "E14";
    }

    /// <summary>Parses <c>ADDR,LENGTH[:...]</c>; <paramref name="dataAt"/> is the index after the colon.</summary>
    private static bool AddressAndLength(ReadOnlySpan<char> request, out ulong address, out ulong length, out int dataAt)
    {
        address = length = 0;
        dataAt = request.Length;
        var comma = request.IndexOf(',');
        if (comma < 0)
            return false;
        var colon = request.IndexOf(':');
        var end = colon < 0 ? request.Length : colon;
        if (colon >= 0) dataAt = colon + 1;
        return end > comma && Hex.TryNumber(request[..comma], out address) && Hex.TryNumber(request[(comma + 1)..end], out length);
    }

    private string Point(bool insert, ReadOnlySpan<char> request)
    {
        var parts = request.ToString().Split(',');
        if (parts.Length < 3 || parts[0].Length != 1 || !Hex.TryNumber(parts[1], out var address) || !Hex.TryNumber(parts[2].Split(';')[0], out var kind))
            return "E22";
        switch (parts[0][0])
        {
            case '0':
            case '1':
                // Breakpoints are looked for at instruction boundaries, so software and hardware ones are the same and no byte is written.
                if (insert) _debugger.AddBreakpoint(address);
                else _debugger.RemoveBreakpoint(address);
                return "OK";
            case '2':
            case '3':
            case '4':
                if (kind == 0)
                    return "E22";
                var watch = new Watchpoint(address, kind, parts[0][0] switch { '2' => WatchKind.Write, '3' => WatchKind.Read, _ => WatchKind.Access });
                if (insert) _debugger.AddWatchpoint(watch);
                else _debugger.RemoveWatchpoint(watch);
                return "OK";
            default:
                return "";
        }
    }

    private GdbOutcome? Resume(bool step, ReadOnlySpan<char> address)
    {
        if (!address.IsEmpty && Hex.TryNumber(address, out var rip))
            _selected.Rip = rip;
        var stop = step ? _debugger.Step(_selected) : _debugger.Continue(_connection.Interrupted);
        if (stop.Reason == DebugStopReason.Ended)
        {
            _connection.Send($"W{_exitStatus(stop.End) & 0xFF:x2}");
            return new GdbOutcome(GdbOutcomeKind.Ended, stop.End);
        }
        if (_connection.Closed)
        {
            _debugger.Clear();
            return new GdbOutcome(GdbOutcomeKind.Detached);
        }
        _selected = stop.Cpu;
        _lastStop = StopReply(stop);
        _connection.Send(_lastStop);
        return null;
    }

    private static string StopReply(in DebugStop stop)
    {
        var thread = $"thread:{ThreadId(stop.Cpu)};";
        return stop.Reason switch
        {
            DebugStopReason.Interrupted => $"T{Sigint:x2}{thread}",
            DebugStopReason.Watchpoint => $"T{Sigtrap:x2}{WatchName(stop.WatchKind)}:{Hex.Number(stop.WatchAddress)};{thread}",
            _ => $"T{Sigtrap:x2}{thread}",
        };
    }

    private static string WatchName(WatchKind kind) => kind switch { WatchKind.Write => "watch", WatchKind.Read => "rwatch", _ => "awatch" };

    private string SelectThread(ReadOnlySpan<char> request)
    {
        if (request.IsEmpty)
            return "E22";
        // Hc picks the thread to resume; in all-stop every vCPU resumes, so only Hg (registers and memory) matters.
        if (request[0] != 'g')
            return "OK";
        var id = request[1..];
        if (id is "0" or "-1")
        {
            _selected = _vm.Cpu;
            return "OK";
        }
        if (Thread(id) is not { } cpu)
            return "E22";
        _selected = cpu;
        return "OK";
    }

    private VCpu? Thread(ReadOnlySpan<char> id)
    {
        var dot = id.IndexOf('.');
        if (dot >= 0) id = id[(dot + 1)..];
        if (!Hex.TryNumber(id, out var n) || n == 0 || n > (ulong)_vm.Cpus.Count)
            return null;
        return _vm.Cpus[(int)n - 1];
    }

    private static string ThreadId(VCpu cpu) => (cpu.Index + 1).ToString("x");
}
