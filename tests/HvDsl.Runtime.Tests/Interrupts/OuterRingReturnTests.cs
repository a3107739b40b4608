using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

/// <summary>IRET to an outer ring nulls the data segments the new ring may not use, keeping their hidden bases.</summary>
public sealed class OuterRingReturnTests
{
    private const ulong User = 0x200000;
    private const ulong UserStack = 0x280000;
    private const ulong Int80Entry = 0x190000;
    private const ulong KernelStack = 0x70000;
    private const uint PerCpu = 0x300000;

    [Fact]
    public void Iretq_to_ring_3_nulls_a_kernel_gs_selector_and_keeps_its_64_bit_base()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, 0xC0000101);           // IA32_GS_BASE
            a.mov(eax, PerCpu);
            a.xor(edx, edx);
            a.wrmsr();
            a.mov(__dword_ptr[(ulong)PerCpu], 0x1234);
            Guest.EnterUser(a, GuestBoot.UserCode64, rflags: 0x2, User, UserStack);
        });
        vm.Memory.Load(User, Guest.Assemble(64, User, a =>
        {
            a.mov(ebx, gs);
            a.mov(rax, __qword_ptr.gs[0]);
            a.@int(0x80);
        }));
        vm.Memory.Load(Int80Entry, Guest.Assemble(64, Int80Entry, a => a.hlt()));
        Idt.Gate64(vm, 0x80, Int80Entry, dpl: 3);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(0x1234UL, vm.Cpu.GetRegister(Register.RAX));
    }
}
