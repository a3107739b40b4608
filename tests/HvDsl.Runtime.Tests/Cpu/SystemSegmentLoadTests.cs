using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>In long mode LGDT, LIDT, LTR and LLDT refuse a non-canonical base; LTR and LLDT read it from a 16-byte descriptor.</summary>
public sealed class SystemSegmentLoadTests
{
    private const ulong Handler = 0x300000;
    private const ulong TssBaseHigh = Guest.BootArea + GuestBoot.Tss + 8;

    /// <summary>Writes <paramref name="baseHigh"/> as the boot TSS descriptor's base bits 63:32, runs LTR 0x30 and returns RBX: the #GP error code plus one, or 0 when LTR loaded.</summary>
    private static ulong LtrWithBaseHigh(uint baseHigh)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(ebx, ebx);
            a.mov(eax, (uint)TssBaseHigh);
            a.mov(__dword_ptr[rax], baseHigh);
            a.mov(ecx, (uint)GuestBoot.Tss);
            a.ltr(cx);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.inc(rbx);
            a.hlt();
        }));
        Idt.Gate64(vm, 13, Handler);
        Guest.RunToHalt(vm);
        return vm.Cpu.GetRegister(Register.RBX);
    }

    [Fact]
    public void Lgdt_of_a_non_canonical_base_raises_gp_0_and_keeps_the_gdtr()
    {
        const uint Operand = 0x200000;
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(ebx, ebx);
            a.mov(eax, Operand);
            a.mov(__word_ptr[rax], 0xFFF);
            a.mov(rcx, 0x0000_8000_0000_0000UL);
            a.mov(__qword_ptr[rax + 2], rcx);
            a.lgdt(__fword_ptr[rax]);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.inc(rbx);
            a.hlt();
        }));
        Idt.Gate64(vm, 13, Handler);

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(Guest.BootArea, vm.Cpu.Gdtr.Base);
    }

    [Fact]
    public void Ltr_of_a_descriptor_with_a_non_canonical_base_raises_gp_with_the_selector()
    {
        Assert.Equal(GuestBoot.Tss + 1UL, LtrWithBaseHigh(0x0000_8000));
    }

    [Fact]
    public void Ltr_of_a_descriptor_with_a_canonical_upper_base_loads()
    {
        Assert.Equal(0UL, LtrWithBaseHigh(0xFFFF_8000));
    }
}
