using System;
using System.Buffers.Binary;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The MXCSR bits software may set (FXSAVE's MXCSR_MASK): flags, DAZ, masks, RC and FTZ; the rest are reserved and #GP.</summary>
    internal const uint MxcsrMask = 0xFFFF;

    private const int FxAreaBytes = 512, FxRegisters = 32, FxXmm = 160;

    /// <summary>
    /// FXSAVE and FXSAVE64 (REX.W: 64-bit instruction and data pointers): the x87 state with the abridged tag byte, MXCSR
    /// and its mask, ST(0)-ST(7) in 16-byte slots and XMM0-7 (XMM0-15 in 64-bit mode), on a 16-byte boundary or #GP(0).
    /// Bytes 464-511 are software's and are not written; neither are the XMM8-15 slots outside 64-bit mode.
    /// </summary>
    private static StepOutcome Fxsave(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: false))
            return cpu.Stopped;
        Span<byte> area = stackalloc byte[FxAreaBytes];
        area.Clear();
        cpu.StoreFxState(area, ins.Code == Code.Fxsave64_m512byte);
        cpu.WriteMemoryBlock(ref ins, area[..(FxXmm + 16 * cpu.FxXmmCount)], alignment: 16);
        return cpu.Stopped;
    }

    private static StepOutcome Fxrstor(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: false))
            return cpu.Stopped;
        Span<byte> area = stackalloc byte[FxAreaBytes];
        if (!cpu.ReadMemoryBlock(ref ins, area, alignment: 16))
            return cpu.Stopped;
        if ((BinaryPrimitives.ReadUInt32LittleEndian(area[24..]) & ~MxcsrMask) != 0)
            return cpu.RaiseGp0();
        cpu.LoadFxState(area, ins.Code == Code.Fxrstor64_m512byte);
        return cpu.Stopped;
    }

    /// <summary>The XMM registers FXSAVE and FXRSTOR move: all sixteen only in 64-bit mode.</summary>
    private int FxXmmCount => Mode == CpuMode.Long64 ? 16 : 8;

    private void StoreFxState(Span<byte> area, bool wide)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(area, _state.Fcw);
        BinaryPrimitives.WriteUInt16LittleEndian(area[2..], _state.Fsw);
        area[4] = X87AbridgedTags();
        BinaryPrimitives.WriteUInt16LittleEndian(area[6..], (ushort)(_state.Fop & 0x7FF));
        if (wide)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(area[8..], _state.Fip);
            BinaryPrimitives.WriteUInt64LittleEndian(area[16..], _state.Fdp);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(area[8..], (uint)_state.Fip);
            BinaryPrimitives.WriteUInt16LittleEndian(area[12..], _state.Fcs);
            BinaryPrimitives.WriteUInt32LittleEndian(area[16..], (uint)_state.Fdp);
            BinaryPrimitives.WriteUInt16LittleEndian(area[20..], _state.Fds);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(area[24..], _state.Mxcsr);
        BinaryPrimitives.WriteUInt32LittleEndian(area[28..], MxcsrMask);
        for (var i = 0; i < 8; i++)
            StoreX87Register(area.Slice(FxRegisters + 16 * i, 10), i);
        for (var i = 0; i < FxXmmCount; i++)
            BinaryPrimitives.WriteUInt128LittleEndian(area[(FxXmm + 16 * i)..], _state.Xmm[i]);
    }

    private void LoadFxState(ReadOnlySpan<byte> area, bool wide)
    {
        _state.Fcw = (ushort)((BinaryPrimitives.ReadUInt16LittleEndian(area) & 0x1F3F) | 0x40);
        _state.Fsw = BinaryPrimitives.ReadUInt16LittleEndian(area[2..]);
        _state.Fop = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(area[6..]) & 0x7FF);
        if (wide)
        {
            _state.Fip = BinaryPrimitives.ReadUInt64LittleEndian(area[8..]);
            _state.Fdp = BinaryPrimitives.ReadUInt64LittleEndian(area[16..]);
        }
        else
        {
            _state.Fip = BinaryPrimitives.ReadUInt32LittleEndian(area[8..]);
            _state.Fcs = BinaryPrimitives.ReadUInt16LittleEndian(area[12..]);
            _state.Fdp = BinaryPrimitives.ReadUInt32LittleEndian(area[16..]);
            _state.Fds = BinaryPrimitives.ReadUInt16LittleEndian(area[20..]);
        }
        _state.Mxcsr = BinaryPrimitives.ReadUInt32LittleEndian(area[24..]);
        for (var i = 0; i < 8; i++)
            LoadX87Register(area.Slice(FxRegisters + 16 * i, 10), i);
        for (var i = 0; i < FxXmmCount; i++)
            _state.Xmm[i] = BinaryPrimitives.ReadUInt128LittleEndian(area[(FxXmm + 16 * i)..]);
        _state.Ftw = X87FullTags(area[4]);
        X87UpdateSummary();
    }

    /// <summary>LDMXCSR: #UD without CR4.OSFXSR or with CR0.EM, #NM with CR0.TS, #GP(0) for a reserved bit.</summary>
    private static StepOutcome Ldmxcsr(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable() || !cpu.ReadMemory(ref ins, 4, out var value))
            return cpu.Stopped;
        if ((value & ~MxcsrMask) != 0)
            return cpu.RaiseGp0();
        cpu._state.Mxcsr = (uint)value;
        return cpu.Stopped;
    }

    private static StepOutcome Stmxcsr(VCpu cpu, ref Instruction ins)
    {
        if (cpu.SseAvailable())
            cpu.WriteMemory(ref ins, 4, cpu._state.Mxcsr);
        return cpu.Stopped;
    }
}
