using System;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Tests.Float;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// Runs one x87 snippet both in a guest and on the host (<see cref="HostFpu.X87"/>): the guest gets the same
/// <see cref="HostFpuBlock"/> in its memory at RDI, the same prologue (FNINIT, FLDCW, B and A pushed) and epilogue
/// (FNSTSW, FNSAVE), so the two blocks can be compared field by field.
/// </summary>
internal static class X87Differential
{
    private const ulong Block = 0x200000;
    private const ulong ArithmeticFlags = 0x8D5; // OF, SF, ZF, AF, PF, CF

    public static HostFpuBlock Guest(Action<Assembler> emit, HostFpuBlock block)
    {
        using var vm = Support.Guest.Boot("long", a =>
        {
            a.mov(rdi, Block);
            HostFpu.X87Case(a, emit);
            a.hlt();
        });
        vm.Memory.Load(Block, MemoryMarshal.AsBytes(new Span<HostFpuBlock>(ref block)).ToArray());
        Support.Guest.RunToHalt(vm);
        var result = new byte[Marshal.SizeOf<HostFpuBlock>()];
        Assert.True(vm.Memory.Read(Block, result));
        return MemoryMarshal.Read<HostFpuBlock>(result);
    }

    /// <summary>The full tag word of the block's FNSAVE image.</summary>
    private static ushort Tags(HostFpuBlock block) =>
        MemoryMarshal.Read<ushort>(MemoryMarshal.AsBytes(new Span<HostFpuBlock>(ref block))[(HostFpuBlock.SaveAreaOffset + 8)..]);

    private static bool Empty(HostFpuBlock block, int i) => (Tags(block) >> (2 * ((block.StatusWord >> 11) + i & 7)) & 3) == 3;

    public static HostFpuBlock Host(Action<Assembler> emit, HostFpuBlock block)
    {
        using var host = HostFpu.X87(emit);
        host.Run(ref block);
        return block;
    }

    /// <summary>The guest's block, asserted equal to the host's in the stored operand, status word, FOP, ST(0)/ST(1) and (when <paramref name="flags"/>: the snippet sets them) arithmetic flags when the host can run x87 code.</summary>
    public static HostFpuBlock Compare(Action<Assembler> emit, HostFpuBlock block, bool flags = false)
    {
        var guest = Guest(emit, block);
        if (!HostFpu.Available)
            return guest;
        var host = Host(emit, block);
        Assert.Equal(host.MemoryOut.ToString("X32"), guest.MemoryOut.ToString("X32"));
        Assert.Equal(host.StatusWord.ToString("X4"), guest.StatusWord.ToString("X4"));
        Assert.Equal(X87OpcodeTests.Fop(host).ToString("X3"), X87OpcodeTests.Fop(guest).ToString("X3"));
        // An empty slot holds whatever the host left there before: only occupied registers are compared.
        Assert.Equal(Tags(host), Tags(guest));
        if (!Empty(host, 0))
            Assert.Equal(host.St0, guest.St0);
        if (!Empty(host, 1))
            Assert.Equal(host.St1, guest.St1);
        if (flags)
            Assert.Equal(host.Flags & ArithmeticFlags, guest.Flags & ArithmeticFlags);
        return guest;
    }
}
