using System;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

/// <summary>#DB from TF single-steps, DR0-DR3 instruction and data breakpoints and ICEBP, with DR6 as the handler reads it.</summary>
public sealed class DebugExceptionTests
{
    private const ulong Handler = 0x180000;
    private const uint Data = 0x200000;
    private const ulong Dr6ActiveLow = 0xFFFF_0FF0;

    /// <summary>
    /// Runs <paramref name="program"/> (which leaves the address the last #DB should return to in RBX) with a #DB handler that
    /// counts in R15, keeps DR6 in R14 and the frame's RIP in R13, and returns with RF set.
    /// </summary>
    private static (ulong Count, ulong Dr6, ulong Rip, ulong Expected) Run(Action<Assembler> program)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(r15d, r15d);
            program(a);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.inc(r15);
            a.mov(r14, dr6);
            a.mov(r13, __qword_ptr[rsp]);
            a.bts(__qword_ptr[rsp + 16], 16); // RF: a breakpointed instruction runs on return
            a.iretq();
        }));
        Idt.Gate64(vm, 1, Handler);
        Guest.RunToHalt(vm);
        return (vm.Cpu.GetRegister(Register.R15), vm.Cpu.GetRegister(Register.R14), vm.Cpu.GetRegister(Register.R13), vm.Cpu.GetRegister(Register.RBX));
    }

    /// <summary>Points DR0 (and RBX) at a label the caller places and enables it as a global execute breakpoint; returns the label.</summary>
    private static Label ArmExecuteBreakpoint(Assembler a)
    {
        var target = a.CreateLabel();
        a.lea(rbx, __[target]);
        a.mov(dr0, rbx);
        a.mov(eax, 0x402);                    // G0, execute
        a.mov(dr7, rax);
        return target;
    }

    [Fact]
    public void Single_step_traps_after_each_instruction_from_the_one_after_the_popf_that_sets_tf_to_the_one_that_clears_it()
    {
        var (count, status, rip, expected) = Run(a =>
        {
            var end = a.CreateLabel();
            a.pushfq();
            a.bts(__qword_ptr[rsp], 8);
            a.popfq();                        // sets TF: no trap after it
            a.nop();                          // 1
            a.@out(0x80, al);                 // 2: port I/O, finished by the VMM
            a.pushfq();                       // 3
            a.btr(__qword_ptr[rsp], 8);       // 4
            a.popfq();                        // 5: TF was set as it began
            a.Label(ref end);
            a.lea(rbx, __[end]);
        });
        Assert.Equal(5UL, count);
        Assert.Equal(Dr6ActiveLow | (1 << 14), status); // BS
        Assert.Equal(expected, rip);
    }

    [Fact]
    public void An_instruction_breakpoint_faults_before_the_instruction_once_and_rf_lets_it_run()
    {
        var (count, status, rip, expected) = Run(a =>
        {
            var target = ArmExecuteBreakpoint(a);
            a.Label(ref target);
            a.nop();
            a.nop();
        });
        Assert.Equal(1UL, count);
        Assert.Equal(Dr6ActiveLow | 1, status); // B0
        Assert.Equal(expected, rip);
    }

    [Fact]
    public void A_data_write_breakpoint_traps_after_the_store_and_a_read_does_not_match_it()
    {
        var (count, status, rip, expected) = Run(a =>
        {
            var after = a.CreateLabel();
            a.mov(eax, Data + 4);
            a.mov(dr1, rax);
            a.mov(eax, 0x00D0_0408);          // G1, writes, 4 bytes
            a.mov(dr7, rax);
            a.mov(ecx, Data);
            a.mov(edx, __dword_ptr[rcx + 4]); // a read: no match
            a.mov(__word_ptr[rcx + 6], dx);   // inside the 4 watched bytes
            a.Label(ref after);
            a.nop();
            a.xor(eax, eax);
            a.mov(dr7, rax);
            a.lea(rbx, __[after]);
        });
        Assert.Equal(1UL, count);
        Assert.Equal(Dr6ActiveLow | 2, status); // B1
        Assert.Equal(expected, rip);
    }

    [Fact]
    public void A_data_breakpoint_hit_by_mov_ss_traps_after_the_next_instruction()
    {
        var (count, status, rip, expected) = Run(a =>
        {
            var after = a.CreateLabel();
            a.mov(eax, Data);
            a.mov(__word_ptr[rax], (int)GuestBoot.KernelData);
            a.mov(dr0, rax);
            a.mov(eax, 0x0003_0002);          // G0, reads and writes, 1 byte
            a.mov(dr7, rax);
            a.mov(ecx, Data);
            a.mov(ss, __word_ptr[rcx]);       // the hit is held over the next instruction
            a.nop();
            a.Label(ref after);
            a.xor(eax, eax);
            a.mov(dr7, rax);
            a.lea(rbx, __[after]);
        });
        Assert.Equal(1UL, count);
        Assert.Equal(Dr6ActiveLow | 1, status);
        Assert.Equal(expected, rip);
    }

    [Fact]
    public void An_instruction_breakpoint_on_the_instruction_after_mov_ss_is_not_recognised()
    {
        var (count, _, _, _) = Run(a =>
        {
            var target = ArmExecuteBreakpoint(a);
            a.mov(eax, ss);
            a.mov(ss, eax);
            a.Label(ref target);
            a.nop();
            a.xor(eax, eax);
            a.mov(dr7, rax);
        });
        Assert.Equal(0UL, count);
    }

    [Fact]
    public void Icebp_traps_to_the_debug_handler_after_itself_and_leaves_dr6_alone()
    {
        var (count, status, rip, expected) = Run(a =>
        {
            var after = a.CreateLabel();
            a.xor(eax, eax);
            a.mov(dr6, rax);
            a.db(0xF1);
            a.Label(ref after);
            a.lea(rbx, __[after]);
        });
        Assert.Equal(1UL, count);
        Assert.Equal(Dr6ActiveLow, status);
        Assert.Equal(expected, rip);
    }

    [Fact]
    public void Dr4_names_dr6_until_cr4_de_is_set_and_then_raises_ud()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 0x1);
            a.mov(dr6, rax);
            a.db(0x0F, 0x21, 0xE3);           // mov rbx, dr4
            a.mov(rax, cr4);
            a.or(eax, 1 << 3);                // DE
            a.mov(cr4, rax);
            a.xor(ecx, ecx);
            a.db(0x0F, 0x21, 0xE1);           // mov rcx, dr4: #UD
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.mov(ecx, 6);
            a.hlt();
        }));
        Idt.Gate64(vm, 6, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal(Dr6ActiveLow | 1, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(6UL, vm.Cpu.GetRegister(Register.RCX));
    }
}
