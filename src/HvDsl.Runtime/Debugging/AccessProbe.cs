using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Debugging;

/// <summary>
/// The data accesses the next instruction of a vCPU will make, read from Iced's instruction info before it runs, so
/// that watchpoints need no hook in the executor's memory path.
/// </summary>
internal sealed class AccessProbe
{
    private readonly InstructionInfoFactory _info = new();
    private readonly byte[] _code = new byte[15];

    /// <summary>One access: linear address, size in bytes and kind.</summary>
    public readonly record struct Access(ulong Address, int Size, WatchKind Kind);

    /// <summary>Adds the accesses of <paramref name="cpu"/>'s next instruction to <paramref name="accesses"/>; none if its bytes cannot be read.</summary>
    public void Next(VCpu cpu, List<Access> accesses)
    {
        var pc = cpu.LinearPc;
        var length = 0;
        // An instruction may end just before an unmapped page, so read what can be read, byte by byte past the first failure.
        if (!cpu.DebugRead(pc, _code))
        {
            while (length < _code.Length && cpu.DebugRead(pc + (ulong)length, _code.AsSpan(length, 1)))
                length++;
        }
        else
            length = _code.Length;
        if (length == 0)
            return;
        var decoder = Decoder.Create(Bitness(cpu), new ByteArrayCodeReader(_code, 0, length), cpu.Rip);
        decoder.Decode(out var instruction);
        if (instruction.IsInvalid)
            return;
        foreach (var memory in _info.GetInfo(instruction).GetUsedMemory())
        {
            var kind = memory.Access switch
            {
                OpAccess.Read or OpAccess.CondRead => WatchKind.Read,
                OpAccess.Write or OpAccess.CondWrite => WatchKind.Write,
                OpAccess.ReadWrite or OpAccess.ReadCondWrite => WatchKind.Access,
                _ => (WatchKind?)null,
            };
            if (kind is not { } k || !memory.TryGetVirtualAddress(0, out var address, (Register register, int _, int _, out ulong value) => RegisterValue(cpu, register, out value)))
                continue;
            var size = Math.Max(1, memory.MemorySize.GetSize());
            if (k == WatchKind.Access)
            {
                accesses.Add(new Access(Wrap(cpu, address), size, WatchKind.Read));
                accesses.Add(new Access(Wrap(cpu, address), size, WatchKind.Write));
            }
            else
                accesses.Add(new Access(Wrap(cpu, address), size, k));
        }
    }

    private static ulong Wrap(VCpu cpu, ulong address) => cpu.Mode == CpuMode.Long64 ? address : (uint)address;

    private static int Bitness(VCpu cpu) => cpu.Mode == CpuMode.Long64 ? 64
        : cpu.Mode != CpuMode.Real && (cpu.GetSegment(Register.CS).Attributes & SegmentRegister.DefaultBig) != 0 ? 32 : 16;

    /// <summary>A register's value for an address: a segment register gives its base (zero for ES, CS, SS and DS in 64-bit mode).</summary>
    private static bool RegisterValue(VCpu cpu, Register register, out ulong value)
    {
        if (register is >= Register.ES and <= Register.GS)
        {
            value = cpu.Mode == CpuMode.Long64 && register is not (Register.FS or Register.GS) ? 0 : cpu.GetSegment(register).Base;
            return true;
        }
        value = cpu.GetRegister(register);
        return true;
    }
}
