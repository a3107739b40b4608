using System;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

/// <summary>RF (EFLAGS bit 16) in event frames: set for faults, as-is for traps and interrupts, never left over from an IRET frame.</summary>
public sealed class ResumeFlagTests
{
    private const ulong Handler = 0x180000;

    /// <summary>Runs <paramref name="program"/> to the handler of <paramref name="vector"/>, which records the vector and returns the frame's RFLAGS (at <paramref name="flagsOffset"/> from RSP).</summary>
    private static ulong FrameFlags(Action<Assembler> program, int vector, int flagsOffset, out Vm vm)
    {
        vm = Guest.Boot("long", program);
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.mov(rbx, __qword_ptr[rsp + flagsOffset]);
            a.mov(edi, vector);
            a.hlt();
        }));
        Idt.Gate64(vm, vector, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal((ulong)vector, vm.Cpu.GetRegister(Register.RDI));
        return vm.Cpu.GetRegister(Register.RBX);
    }

    [Fact]
    public void Invalid_opcode_fault_pushes_rf_set()
    {
        var flags = FrameFlags(a => a.ud2(), 6, 16, out var vm);
        using (vm)
            Assert.NotEqual(0UL, flags & RFlags.RF);
    }

    [Fact]
    public void General_protection_fault_with_an_error_code_pushes_rf_set()
    {
        var flags = FrameFlags(a =>
        {
            a.mov(rax, 0x8000_0000_0000_0000UL);
            a.mov(__qword_ptr[rax], 0);
        }, 13, 24, out var vm);
        using (vm)
            Assert.NotEqual(0UL, flags & RFlags.RF);
    }

    [Fact]
    public void Software_interrupt_pushes_rf_clear()
    {
        var flags = FrameFlags(a => a.@int(0x21), 0x21, 16, out var vm);
        using (vm)
            Assert.Equal(0UL, flags & RFlags.RF);
    }

    [Fact]
    public void Rf_in_an_iret_frame_does_not_outlive_the_next_instruction()
    {
        var flags = FrameFlags(a =>
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
        }, 3, 16, out var vm);
        using (vm)
            Assert.Equal(0UL, (flags | vm.Cpu.RFlags) & RFlags.RF);
    }
}
