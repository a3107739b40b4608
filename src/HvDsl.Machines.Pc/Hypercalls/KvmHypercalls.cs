using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Machines.Pc;

/// <summary>The hypercalls <c>specs/hypercalls/kvm.hvspec</c> declares.</summary>
public sealed partial class KvmHypercalls : IDisposable
{
    // One call copies at most this much guest memory, so a guest cannot make the host allocate without bound.
    private const uint MaxTransfer = 64 * 1024;
    private const uint ClockPairingWallClock = 0;
    private const int ClockPairingSize = 64;

    // One buffer for every copy: the only vCPU makes one call at a time, and a guest polling the bridge then allocates nothing.
    private readonly byte[] transfer = new byte[MaxTransfer];

    /// <summary>Where <c>ConsoleWrite</c> sends guest text.</summary>
    public Stream Console { get; set; } = Stream.Null;

    /// <summary>The clock the guest's time-stamp counter counts, in nanoseconds; share the VM's so both agree.</summary>
    public IClock Clock { get; set; } = new WallClock();

    /// <summary>Host wall-clock time for <c>WallClock</c> and <c>ClockPairing</c>.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The guest's connections to host services.</summary>
    public SocketBridge Sockets { get; } = new();

    /// <summary>The local APICs <c>SendIpi</c> reaches by APIC ID.</summary>
    public IReadOnlyList<LocalApic> Apics { get; set; } = [];

    // CPUID 0x40000001 advertises no PV unhalt, so no guest halts waiting for a kick: there is nothing to wake.
    private partial void KickCpu(IGuestCpu cpu, ulong flags, uint apicId)
    {
    }

    // A hint: the vCPUs take turns whether or not the caller yields.
    private partial void SchedYield(IGuestCpu cpu, uint apicId)
    {
    }

    // Bit i of the low bitmap is APIC ID min + i and of the high one min + cluster + i, a cluster being the mode's word (KVM's
    // hypercalls.rst); returns how many APICs took the interrupt, as KVM does.
    private partial ulong SendIpi(IGuestCpu cpu, ulong bitmapLow, ulong bitmapHigh, uint minApicId, uint icr)
    {
        var cluster = cpu.Mode == CpuMode.Long64 ? 64 : 32;
        ulong delivered = 0;
        foreach (var apic in Apics)
        {
            var bit = (long)apic.X2ApicId - minApicId;
            if (bit < 0 || bit >= 2 * cluster) continue;
            var word = bit < cluster ? bitmapLow : bitmapHigh;
            if ((word >> (int)(bit % cluster) & 1) != 0 && apic.ReceiveDirected(icr)) delivered++;
        }
        return delivered;
    }

    /// <summary>Writes struct kvm_clock_pairing { s64 sec; s64 nsec; u64 tsc; u32 flags; u32 pad[9]; } at the guest-physical address, all of it or none.</summary>
    private partial ulong ClockPairing(IGuestCpu cpu, ulong address, uint clockType)
    {
        if (clockType != ClockPairingWallClock) return KvmErrors.OperationNotSupported;
        var now = Time.GetUtcNow();
        Span<byte> pairing = stackalloc byte[ClockPairingSize];
        pairing.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(pairing, now.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64LittleEndian(pairing[8..], now.Ticks % TimeSpan.TicksPerSecond * 100);
        BinaryPrimitives.WriteUInt64LittleEndian(pairing[16..], Clock.NowNanoseconds);
        return cpu.WritePhysical(address, pairing) ? 0 : KvmErrors.Fault;
    }

    private partial ulong ConsoleWrite(IGuestCpu cpu, ulong address, uint length)
    {
        var buffer = Transfer(length);
        if (!cpu.ReadLinearAsGuest(address, buffer)) return KvmErrors.Fault;
        Console.Write(buffer);
        Console.Flush();
        return (ulong)buffer.Length;
    }

    private partial ulong WallClock(IGuestCpu cpu) => (ulong)Time.GetUtcNow().ToUnixTimeSeconds();

    private partial ulong SocketConnect(IGuestCpu cpu, ushort port) => Sockets.Connect(port);

    private partial ulong SocketRead(IGuestCpu cpu, uint handle, ulong address, uint length)
    {
        var buffer = Transfer(length);
        // Peeked first, taken only once delivered: on any failure the guest buffer is untouched and no received byte is lost.
        var result = Sockets.Peek(handle, buffer, out var count);
        if (count == 0) return result;
        var received = buffer[..count];
        if (!cpu.WriteLinearAsGuest(address, received)) return KvmErrors.Fault;
        // Takes exactly the bytes just delivered; should the connection fail meanwhile, the next call reports it.
        Sockets.Read(handle, received, out _);
        return (ulong)count;
    }

    private partial ulong SocketWrite(IGuestCpu cpu, uint handle, ulong address, uint length)
    {
        var buffer = Transfer(length);
        return cpu.ReadLinearAsGuest(address, buffer) ? Sockets.Write(handle, buffer) : KvmErrors.Fault;
    }

    private partial ulong SocketClose(IGuestCpu cpu, uint handle) => Sockets.Close(handle);

    private Span<byte> Transfer(uint length) => transfer.AsSpan(0, (int)Math.Min(length, MaxTransfer));

    /// <summary>Closes the guest's connections.</summary>
    public void Dispose() => Sockets.Dispose();
}
