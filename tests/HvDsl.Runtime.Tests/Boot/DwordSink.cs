using System;
using System.Collections.Generic;
using System.Text;
using HvDsl.Runtime.Devices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>A port that keeps every value a guest writes to it, as the test guests report what they see.</summary>
internal sealed class DwordSink : IIoDevice
{
    public const ushort Port = 0xE9;

    public List<ulong> Values { get; } = [];

    public ulong Size => 1;

    public ulong Read(ulong offset, int width) => ulong.MaxValue;

    public void Write(ulong offset, int width, ulong value) => Values.Add(value);

    public void Reset() => Values.Clear();

    /// <summary>Emits the guest's report of the dword at <paramref name="value"/> (DX must hold <see cref="Port"/>).</summary>
    public static void Report(Assembler a, AssemblerMemoryOperand value)
    {
        a.mov(eax, value);
        a.@out(dx, eax);
    }

    /// <summary>Four ASCII characters as the little-endian dword a guest reads them as.</summary>
    public static ulong Word(string four) => BitConverter.ToUInt32(Encoding.ASCII.GetBytes(four));

    /// <summary>A sink on <see cref="Port"/> of <paramref name="vm"/>.</summary>
    public static DwordSink On(Vm vm)
    {
        var sink = new DwordSink();
        vm.PortIo.Register(Port, sink);
        return sink;
    }
}
