using System;
using System.Collections.Generic;
using HvDsl.Runtime.Devices;

namespace HvDsl.Benchmarks.Devices;

/// <summary>
/// The same 16550 the way many emulators model devices: a dictionary from offset to a register object whose
/// read and write are delegates; banking and access kinds live inside the delegates.
/// </summary>
public sealed class DictionaryUart : IIoDevice
{
    private readonly Dictionary<ulong, Register> registers = new();
    private byte dll = 0x0C, ier, dlm, iir = 0x01, fcr, lcr, mcr, lsr = 0x60, msr, scr;

    /// <summary>Builds the register map.</summary>
    public DictionaryUart()
    {
        registers[0] = new Register(() => Dlab ? dll : Received, v => { if (Dlab) dll = v; else Transmitted++; });
        registers[1] = new Register(() => Dlab ? dlm : ier, v => { if (Dlab) dlm = v; else ier = v; });
        registers[2] = new Register(() => iir, v => fcr = v);
        registers[3] = new Register(() => lcr, v => lcr = v);
        registers[4] = new Register(() => mcr, v => mcr = v);
        registers[5] = new Register(() => { var value = lsr; lsr &= 0x61; return value; }, _ => { });
        registers[6] = new Register(() => { var value = msr; msr &= 0xF0; return value; }, _ => { });
        registers[7] = new Register(() => scr, v => scr = v);
    }

    /// <summary>Bytes the guest wrote to THR.</summary>
    public long Transmitted { get; private set; }

    /// <inheritdoc />
    public ulong Size => 8;

    private bool Dlab => (lcr & 0x80) != 0;

    // Nothing arrives in the benchmark; the generated UART's RBR likewise stays 0.
    private static byte Received => 0;

    /// <inheritdoc />
    public ulong Read(ulong offset, int width) =>
        width == 1 && registers.TryGetValue(offset, out var register) ? register.Read() : width >= 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;

    /// <inheritdoc />
    public void Write(ulong offset, int width, ulong value)
    {
        if (width == 1 && registers.TryGetValue(offset, out var register)) register.Write((byte)value);
    }

    /// <inheritdoc />
    public void Reset() => throw new NotSupportedException("not needed by the benchmark");

    private sealed record Register(Func<byte> Read, Action<byte> Write);
}
