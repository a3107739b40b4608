using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>MOV SS checks the selector the instruction names with #GP (SDM vol. 2B, MOV), not the #TS a TSS stack switch raises.</summary>
public sealed class StackSegmentLoadTests
{
    private const ulong Handler = 0x300000;

    /// <summary>Runs MOV SS, <paramref name="selector"/> in 64-bit ring 0 with a #GP handler; RBX is the error code plus one (0: no #GP), RCX the SS the handler sees.</summary>
    private static (ulong ErrorPlusOne, ulong Ss) MovSs(ushort selector)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(ebx, ebx);
            a.mov(eax, selector);
            a.mov(ss, ax);
            a.mov(ecx, ss);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.inc(rbx);
            a.mov(ecx, ss);
            a.hlt();
        }));
        Idt.Gate64(vm, 13, Handler);
        Guest.RunToHalt(vm);
        return (vm.Cpu.GetRegister(Register.RBX), vm.Cpu.GetRegister(Register.RCX));
    }

    [Fact]
    public void Mov_ss_of_a_selector_whose_rpl_is_not_the_cpl_raises_gp_with_the_selector_and_keeps_ss()
    {
        var (errorPlusOne, ss) = MovSs(GuestBoot.KernelData | 3);

        Assert.Equal(GuestBoot.KernelData + 1UL, errorPlusOne);
        Assert.Equal((ulong)GuestBoot.KernelData, ss);
    }

    [Fact]
    public void Mov_ss_of_a_code_segment_raises_gp_with_the_selector()
    {
        var (errorPlusOne, _) = MovSs(GuestBoot.KernelCode);

        Assert.Equal(GuestBoot.KernelCode + 1UL, errorPlusOne);
    }

    [Fact]
    public void Mov_ss_of_a_writable_ring_0_data_segment_loads_it()
    {
        var (errorPlusOne, ss) = MovSs(GuestBoot.KernelData);

        Assert.Equal(0UL, errorPlusOne);
        Assert.Equal((ulong)GuestBoot.KernelData, ss);
    }
}
