using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

/// <summary>RF (EFLAGS bit 16) in event frames: set for faults, as-is for traps and interrupts, and cleared once an instruction completes.</summary>
public sealed class ResumeFlagTests
{
    private const ulong Handler = 0x180000;

    /// <summary>A handler that copies the frame's RFLAGS (at <paramref name="flagsOffset"/> from RSP) to RBX and halts.</summary>
    private static void LoadFlagsReader(Vm vm, int vector, int flagsOffset)
    {
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.mov(rbx, __qword_ptr[rsp + flagsOffset]);
            a.hlt();
        }));
        Idt.Gate64(vm, vector, Handler);
    }

    [Fact]
    public void Invalid_opcode_fault_pushes_rf_set()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.ud2();
            a.hlt();
        });
        LoadFlagsReader(vm, 6, 16);

        Guest.RunToHalt(vm);

        Assert.NotEqual(0UL, vm.Cpu.GetRegister(Register.RBX) & RFlags.RF);
    }

    [Fact]
    public void General_protection_fault_with_an_error_code_pushes_rf_set()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rax, 0x8000_0000_0000_0000UL);
            a.mov(__qword_ptr[rax], 0);
            a.hlt();
        });
        LoadFlagsReader(vm, 13, 24);

        Guest.RunToHalt(vm);

        Assert.NotEqual(0UL, vm.Cpu.GetRegister(Register.RBX) & RFlags.RF);
    }

    [Fact]
    public void Software_interrupt_pushes_rf_clear()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.@int(0x21);
            a.hlt();
        });
        LoadFlagsReader(vm, 0x21, 16);

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX) & RFlags.RF);
    }

    [Fact]
    public void Rf_an_iret_loads_is_gone_once_the_next_instruction_completes()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var resume = a.CreateLabel();
            a.mov(rax, rsp);
            a.push(0);
            a.push(rax);
            a.push((int)(RFlags.RF | 2));
            a.push(GuestBoot.KernelCode);
            a.lea(rcx, __[resume]);
            a.push(rcx);
            a.iretq();
            a.Label(ref resume);
            a.nop();
            a.int3();
            a.hlt();
        });
        LoadFlagsReader(vm, 3, 16);

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX) & RFlags.RF);
        Assert.Equal(0UL, vm.Cpu.RFlags & RFlags.RF);
    }
}
