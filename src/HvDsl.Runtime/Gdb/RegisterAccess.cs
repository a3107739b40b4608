using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Gdb;

/// <summary>Reads and writes a vCPU's registers in the little-endian byte form of a <c>g</c>/<c>p</c> reply.</summary>
internal static class RegisterAccess
{
    private const int TopShift = 11;

    /// <summary>Writes <paramref name="register"/>'s value into <paramref name="destination"/> (its <see cref="GdbRegister.Bytes"/> bytes).</summary>
    public static void Read(VCpu cpu, in GdbRegister register, Span<byte> destination)
    {
        ref var state = ref cpu.Architectural;
        switch (register.Slot)
        {
            case RegisterSlot.St:
                ref var st = ref state.St[((state.Fsw >> TopShift) + register.Index) & 7];
                BinaryPrimitives.WriteUInt64LittleEndian(destination, st.Significand);
                BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], st.SignExponent);
                return;
            case RegisterSlot.Xmm:
                BinaryPrimitives.WriteUInt128LittleEndian(destination, state.Xmm[register.Index]);
                return;
        }
        var value = Scalar(cpu, register);
        for (var i = 0; i < register.Bytes; i++)
            destination[i] = (byte)(value >> (8 * i));
    }

    /// <summary>Sets <paramref name="register"/> from <paramref name="source"/>; false if the vCPU refuses the value (a selector it cannot load, a control register value MOV CR would fault on).</summary>
    public static bool Write(VCpu cpu, in GdbRegister register, ReadOnlySpan<byte> source)
    {
        ref var state = ref cpu.Architectural;
        switch (register.Slot)
        {
            case RegisterSlot.St:
                ref var st = ref state.St[((state.Fsw >> TopShift) + register.Index) & 7];
                st.Significand = BinaryPrimitives.ReadUInt64LittleEndian(source);
                st.SignExponent = BinaryPrimitives.ReadUInt16LittleEndian(source[8..]);
                return true;
            case RegisterSlot.Xmm:
                state.Xmm[register.Index] = BinaryPrimitives.ReadUInt128LittleEndian(source);
                return true;
        }
        ulong value = 0;
        for (var i = 0; i < register.Bytes; i++)
            value |= (ulong)source[i] << (8 * i);
        // gdb writes every register with G; one left as it was must not be reloaded (a selector's descriptor, a TLB flush).
        if (value == Scalar(cpu, register))
            return true;
        // A 32-bit layout in long mode leaves a register's upper half as it was.
        var keep = register.Bits < 64 ? ~0UL << register.Bits : 0;
        switch (register.Slot)
        {
            case RegisterSlot.Gpr:
                state.Gpr[register.Index] = (state.Gpr[register.Index] & keep) | value;
                return true;
            case RegisterSlot.Rip:
                state.Rip = (state.Rip & keep) | value;
                return true;
            case RegisterSlot.Eflags:
                cpu.RFlags = (cpu.RFlags & keep) | value;
                return true;
            case RegisterSlot.Selector:
                return cpu.SetSegment(Register.ES + register.Index, (ushort)value);
            case RegisterSlot.SegmentBase:
                state.Segments[register.Index].Base = (state.Segments[register.Index].Base & keep) | value;
                return true;
            case RegisterSlot.KernelGsBase:
                state.KernelGsBase = value;
                return true;
            case RegisterSlot.Fctrl: state.Fcw = (ushort)value; return true;
            case RegisterSlot.Fstat: state.Fsw = (ushort)value; return true;
            case RegisterSlot.Ftag: state.Ftw = (ushort)value; return true;
            case RegisterSlot.Fiseg: state.Fcs = (ushort)value; return true;
            case RegisterSlot.Fioff: state.Fip = value; return true;
            case RegisterSlot.Foseg: state.Fds = (ushort)value; return true;
            case RegisterSlot.Fooff: state.Fdp = value; return true;
            case RegisterSlot.Fop: state.Fop = (ushort)(value & 0x7FF); return true;
            case RegisterSlot.Mxcsr: state.Mxcsr = (uint)value; return true;
            case RegisterSlot.Cr0: return cpu.SetRegister(Register.CR0, (state.Cr0 & keep) | value);
            case RegisterSlot.Cr2: state.Cr2 = (state.Cr2 & keep) | value; return true;
            case RegisterSlot.Cr3: return cpu.SetRegister(Register.CR3, (state.Cr3 & keep) | value);
            case RegisterSlot.Cr4: return cpu.SetRegister(Register.CR4, (state.Cr4 & keep) | value);
            case RegisterSlot.Cr8: return cpu.SetRegister(Register.CR8, value);
            default:
                cpu.Efer = (cpu.Efer & keep) | value;
                return true;
        }
    }

    /// <summary>A register that fits in 64 bits, truncated to the layout's width.</summary>
    private static ulong Scalar(VCpu cpu, in GdbRegister register)
    {
        ref var state = ref cpu.Architectural;
        var value = register.Slot switch
        {
            RegisterSlot.Gpr => state.Gpr[register.Index],
            RegisterSlot.Rip => state.Rip,
            RegisterSlot.Eflags => state.RFlags,
            RegisterSlot.Selector => state.Segments[register.Index].Selector,
            RegisterSlot.SegmentBase => state.Segments[register.Index].Base,
            RegisterSlot.KernelGsBase => state.KernelGsBase,
            RegisterSlot.Fctrl => state.Fcw,
            RegisterSlot.Fstat => state.Fsw,
            RegisterSlot.Ftag => state.Ftw,
            RegisterSlot.Fiseg => state.Fcs,
            RegisterSlot.Fioff => state.Fip,
            RegisterSlot.Foseg => state.Fds,
            RegisterSlot.Fooff => state.Fdp,
            RegisterSlot.Fop => state.Fop,
            RegisterSlot.Mxcsr => state.Mxcsr,
            RegisterSlot.Cr0 => state.Cr0,
            RegisterSlot.Cr2 => state.Cr2,
            RegisterSlot.Cr3 => state.Cr3,
            RegisterSlot.Cr4 => state.Cr4,
            RegisterSlot.Cr8 => cpu.GetRegister(Register.CR8),
            _ => state.Efer,
        };
        return register.Bits >= 64 ? value : value & ((1UL << register.Bits) - 1);
    }
}
