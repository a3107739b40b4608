using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>ALU operations and immediate stores with a memory operand compute what their register forms compute, and fault cleanly.</summary>
public sealed class MemoryOperandTests
{
    private const ulong Data = 0x200000;
    private const ulong Handler = 0x180000;

    private static readonly (ulong A, ulong B)[] Operands =
    [
        (0, 0), (1, ulong.MaxValue), (0x7FFF_FFFF_FFFF_FFFF, 1), (0x80, 0x80), (0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4321), (0xFFFF_FFFF, 1),
    ];

    public static IEnumerable<object[]> Forms()
    {
        foreach (var mnemonic in new[] { "Add", "Adc", "Sub", "Sbb", "And", "Or", "Xor", "Cmp", "Test" })
        {
            foreach (var bits in new[] { 8, 16, 32, 64 })
            {
                yield return [$"{mnemonic}_rm{bits}_r{bits}"];
                yield return [$"{mnemonic}_rm{bits}_imm{Math.Min(bits, 32)}"];
                if (mnemonic != "Test")
                    yield return [$"{mnemonic}_r{bits}_rm{bits}"];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Memory_operand_form_computes_the_result_and_flags_of_the_register_form(string form)
    {
        var code = Enum.Parse<Code>(form);
        var bits = form.Contains("64") ? 64 : form.Contains("32") ? 32 : form.Contains("16") ? 16 : 8;
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        foreach (var (a, b) in Operands)
        {
            foreach (var carry in new[] { false, true })
            {
                var viaRegister = Run(code, bits, a, b, carry, memory: false);
                var viaMemory = Run(code, bits, a, b, carry, memory: true);
                Assert.True((viaRegister.Result & mask) == (viaMemory.Result & mask) && viaRegister.Flags == viaMemory.Flags,
                    $"{form} a={a:X} b={b:X} CF={carry}: register {viaRegister.Result & mask:X} flags {viaRegister.Flags:X}, memory {viaMemory.Result & mask:X} flags {viaMemory.Flags:X}");
            }
        }
    }

    /// <summary>Runs one instruction of <paramref name="code"/> with A in the destination and B the source, each in RAX/RCX or at <see cref="Data"/>.</summary>
    private static (ulong Result, ulong Flags) Run(Code code, int bits, ulong a, ulong b, bool carry, bool memory)
    {
        var destination = Register(bits, 0);
        var source = Register(bits, 1);
        var parts = code.ToString().Split('_');
        var toMemory = parts[1].StartsWith("rm", StringComparison.Ordinal);
        var immediate = parts[2].StartsWith("imm", StringComparison.Ordinal);
        var operand = new MemoryOperand(Iced.Intel.Register.RSI);
        var immediateValue = bits == 8 ? (int)(sbyte)b : bits == 16 ? (int)(short)b : (int)b;
        Instruction instruction;
        if (immediate)
            instruction = memory ? Instruction.Create(code, operand, immediateValue) : Instruction.Create(code, destination, immediateValue);
        else if (toMemory)
            instruction = memory ? Instruction.Create(code, operand, source) : Instruction.Create(code, destination, source);
        else
            instruction = memory ? Instruction.Create(code, destination, operand) : Instruction.Create(code, destination, source);
        var memoryHoldsSource = memory && !toMemory;
        using var vm = Guest.Boot("long", asm =>
        {
            asm.mov(rsi, Data);
            asm.mov(rax, memoryHoldsSource ? b : a);
            asm.mov(__qword_ptr[rsi], rax);
            asm.mov(rax, a);
            asm.mov(rcx, b);
            if (carry)
                asm.stc();
            else
                asm.clc();
            asm.AddInstruction(instruction);
            asm.pushfq();
            asm.pop(rdx);
            if (memory && toMemory)
                asm.mov(rax, __qword_ptr[rsi]);
            asm.hlt();
        });
        Guest.RunToHalt(vm);
        return (vm.Cpu.GetRegister(Iced.Intel.Register.RAX), vm.Cpu.GetRegister(Iced.Intel.Register.RDX) & RFlags.Arithmetic);
    }

    private static Iced.Intel.Register Register(int bits, int number) => bits switch
    {
        8 => Iced.Intel.Register.AL + number,
        16 => Iced.Intel.Register.AX + number,
        32 => Iced.Intel.Register.EAX + number,
        _ => Iced.Intel.Register.RAX + number,
    };

    [Fact]
    public void Immediate_store_writes_only_its_operand_size()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rsi, Data);
            a.mov(rax, -1L);
            a.mov(__qword_ptr[rsi], rax);
            a.mov(__word_ptr[rsi + 2], 0x1234);
            a.mov(__qword_ptr[rsi + 8], -2);
            a.mov(rax, __qword_ptr[rsi]);
            a.mov(rbx, __qword_ptr[rsi + 8]);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        Assert.Equal(0xFFFF_FFFF_1234_FFFFUL, vm.Cpu.GetRegister(Iced.Intel.Register.RAX));
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFEUL, vm.Cpu.GetRegister(Iced.Intel.Register.RBX));
    }

    [Fact]
    public void Memory_add_that_page_faults_leaves_the_flags_and_registers_it_would_have_changed()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 5);
            a.stc();
            a.add(__dword_ptr[0x40000000], eax); // the first unmapped page
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);             // error code
            a.mov(rcx, __qword_ptr[rsp + 16]); // the interrupted RFLAGS
            a.mov(rdx, cr2);
            a.hlt();
        }));
        Idt.Gate64(vm, 14, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal(0x40000000UL, vm.Cpu.GetRegister(Iced.Intel.Register.RDX));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Iced.Intel.Register.RBX)); // read, not present: the read comes first
        Assert.Equal(RFlags.CF, vm.Cpu.GetRegister(Iced.Intel.Register.RCX) & RFlags.Arithmetic);
        Assert.Equal(5UL, vm.Cpu.GetRegister(Iced.Intel.Register.RAX));
    }
}
