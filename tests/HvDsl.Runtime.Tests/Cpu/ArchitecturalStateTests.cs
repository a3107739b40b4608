using System;
using System.IO;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>The x87 and SSE registers start as the SDM's power-up table says, return there on reset and travel in snapshots.</summary>
public sealed class ArchitecturalStateTests
{
    [Fact]
    public void Power_up_puts_x87_and_sse_registers_in_the_sdm_reset_state()
    {
        using var vm = Vm.WithMemory(1);
        ref var state = ref vm.Cpu.Architectural;

        Assert.Equal(0x0040, state.Fcw);
        Assert.Equal(0, state.Fsw);
        Assert.Equal(0x5555, state.Ftw);
        Assert.Equal(0x1F80u, state.Mxcsr);
        for (var i = 0; i < XmmFile.Count; i++) Assert.Equal(UInt128.Zero, state.Xmm[i]);
        for (var i = 0; i < X87RegisterFile.Count; i++) Assert.Equal((0UL, (ushort)0), (state.St[i].Significand, state.St[i].SignExponent));
    }

    [Fact]
    public void Reset_returns_changed_x87_and_sse_registers_to_power_up_values()
    {
        using var vm = Vm.WithMemory(1);
        ref var state = ref vm.Cpu.Architectural;
        (state.Fcw, state.Fsw, state.Ftw, state.Mxcsr, state.Fip) = (0x037F, 0x3800, 0xFFFF, 0x9FC0, 0x1234);
        state.Xmm[7] = UInt128.MaxValue;
        state.St[3].SignExponent = 0x7FFF;

        vm.Cpu.Reset();

        Assert.Equal((0x0040, 0, 0x5555, 0x1F80u, 0UL), (state.Fcw, state.Fsw, state.Ftw, state.Mxcsr, state.Fip));
        Assert.Equal(UInt128.Zero, state.Xmm[7]);
        Assert.Equal(0, state.St[3].SignExponent);
    }

    [Fact]
    public void X87_and_xmm_registers_survive_a_snapshot_round_trip()
    {
        using var source = Vm.WithMemory(1);
        ref var saved = ref source.Cpu.Architectural;
        (saved.Fcw, saved.Fsw, saved.Ftw, saved.Fop, saved.Mxcsr) = (0x037F, 0x3A01, 0x0FFF, 0x7FF, 0xFFBF);
        (saved.Fip, saved.Fcs, saved.Fdp, saved.Fds) = (0xFFFF_8000_0000_1234, 0x10, 0x7FFF_FFFF_F000, 0x18);
        saved.St[7] = new X87Register { Significand = 0xC000_0000_0000_0001, SignExponent = 0xFFFF };
        saved.Xmm[15] = new UInt128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);
        var stream = new MemoryStream();
        source.Save(stream);

        using var target = Vm.WithMemory(1);
        stream.Position = 0;
        target.Restore(stream);

        ref var restored = ref target.Cpu.Architectural;
        Assert.Equal((saved.Fcw, saved.Fsw, saved.Ftw, saved.Fop, saved.Mxcsr), (restored.Fcw, restored.Fsw, restored.Ftw, restored.Fop, restored.Mxcsr));
        Assert.Equal((saved.Fip, saved.Fcs, saved.Fdp, saved.Fds), (restored.Fip, restored.Fcs, restored.Fdp, restored.Fds));
        Assert.Equal((0xC000_0000_0000_0001UL, (ushort)0xFFFF), (restored.St[7].Significand, restored.St[7].SignExponent));
        Assert.Equal(new UInt128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210), restored.Xmm[15]);
        Assert.Equal(UInt128.Zero, restored.Xmm[14]);
    }
}
