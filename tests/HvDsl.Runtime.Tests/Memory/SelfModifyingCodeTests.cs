using System;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Memory;

public sealed class SelfModifyingCodeTests
{
    [Fact]
    public void Store_into_the_next_instruction_of_the_running_block_takes_effect()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var patch = a.CreateLabel();
            a.lea(rdi, __[patch]);
            a.mov(__byte_ptr[rdi + 1], 42); // patch "mov al, 0" into "mov al, 42"
            a.Label(ref patch);
            a.mov(al, 0);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        Assert.Equal(42UL, vm.Cpu.GetRegister(Register.AL));
    }

    [Fact]
    public void Rewriting_a_cached_loop_body_changes_what_later_iterations_execute()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var body = a.CreateLabel();
            var loop = a.CreateLabel();
            a.xor(eax, eax);
            a.mov(ecx, 10);
            a.lea(rdi, __[body]);
            a.Label(ref loop);
            a.call(body);
            a.cmp(ecx, 6);
            var skip = a.CreateLabel();
            a.jne(skip);
            a.mov(__byte_ptr[rdi + 1], 5); // after five iterations, "mov edx, 1" becomes "mov edx, 5"
            a.Label(ref skip);
            a.dec(ecx);
            a.jnz(loop);
            a.hlt();
            a.Label(ref body);
            a.mov(edx, 1);
            a.add(eax, edx);
            a.ret();
        });
        Guest.RunToHalt(vm);
        Assert.Equal(5UL * 1 + 5 * 5, vm.Cpu.GetRegister(Register.EAX));
    }

    [Fact]
    public void Byte_store_into_code_after_a_store_beside_it_on_its_page_takes_effect()
    {
        var data = default(Label);
        RunPatch((a, patch) =>
        {
            data = a.CreateLabel();
            a.lea(rdi, __[patch]);
            a.mov(__byte_ptr[data], 1); // the page holds decoded code: this walk leaves only a second-level entry
            a.mov(__byte_ptr[rdi + 1], 42); // through that entry, onto the next instruction
        }, a =>
        {
            a.Label(ref data);
            a.db(0);
        });
    }

    [Fact]
    public void Movups_store_into_code_after_a_store_beside_it_on_its_page_takes_effect()
    {
        var data = default(Label);
        var scratch = default(Label);
        RunPatch((a, patch) =>
        {
            data = a.CreateLabel();
            scratch = a.CreateLabel();
            a.mov(rax, cr4);
            a.or(rax, 0x600); // OSFXSR, OSXMMEXCPT
            a.mov(cr4, rax);
            a.movups(xmm0, __xmmword_ptr[data]);
            a.mov(__qword_ptr[scratch], rax); // the page holds decoded code: this walk leaves only a second-level entry
            a.movups(__xmmword_ptr[patch], xmm0); // through that entry: "mov al, 42; hlt" over the next instruction
        }, a =>
        {
            for (var i = 0; i < 13; i++)
                a.nop();
            a.Label(ref data);
            a.db(0xB0, 42, 0xF4, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90);
            a.Label(ref scratch);
            a.dq(0);
        });
    }

    /// <summary>
    /// Runs <paramref name="store"/> (given the label of the patched instruction) before <c>patch: mov al, 0; hlt</c>,
    /// then what <paramref name="after"/> lays behind it: the store must have turned the instruction into <c>mov al, 42</c>.
    /// </summary>
    private static void RunPatch(Action<Assembler, Label> store, Action<Assembler> after)
    {
        using var vm = Guest.Boot("long", a =>
        {
            var patch = a.CreateLabel();
            store(a, patch);
            a.Label(ref patch);
            a.mov(al, 0);
            a.hlt();
            after(a);
        });
        Guest.RunToHalt(vm);
        Assert.Equal(42UL, vm.Cpu.GetRegister(Register.AL));
    }

    [Fact]
    public void Host_write_to_guest_code_invalidates_the_decoded_block()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            a.mov(eax, 1);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        vm.Memory.Write(Guest.Code + 1, [7]);
        vm.Cpu.Rip = Guest.Code;
        Guest.RunToHalt(vm);
        Assert.Equal(7UL, vm.Cpu.GetRegister(Register.EAX));
    }
}
