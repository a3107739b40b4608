using System;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Tests.Differential;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// Runs one x87 instruction form (an Iced <see cref="Code"/>) over many <see cref="X87FormBlock"/> cases, in one guest and
/// on the host, through the same case body: a clean FPU under the case's control word and MXCSR, its registers pushed,
/// RFLAGS and RAX loaded, the form (with the case's ST(i) for register forms), then RFLAGS, RAX, FNSTSW, FNSAVE and STMXCSR.
/// The epilogue waits for nothing, so an exception the form leaves pending and unmasked never reaches the host.
/// </summary>
internal static unsafe class X87FormDifferential
{
    private const ulong Blocks = 0x200000;
    private const ulong Cr4Osfxsr = 1 << 9;

    /// <summary>The instruction <paramref name="code"/> names with ST(<paramref name="index"/>) for its ST(i) and the case's memory operand.</summary>
    public static Instruction Instruction(Code code, int index)
    {
        var op = code.ToOpCode();
        var operands = new object[op.OpCount];
        for (var i = 0; i < op.OpCount; i++)
        {
            operands[i] = op.GetOpKind(i) switch
            {
                OpCodeOperandKind.st0 => Register.ST0,
                OpCodeOperandKind.sti_opcode => Register.ST0 + index,
                OpCodeOperandKind.ax => Register.AX,
                OpCodeOperandKind.mem => new MemoryOperand(Register.RDI, X87FormBlock.MemoryOffset),
                var kind => throw new NotSupportedException($"{code}: operand {i} is {kind}, which the x87 form differential does not build"),
            };
        }
        return operands switch
        {
            [] => Iced.Intel.Instruction.Create(code),
            [Register r] => Iced.Intel.Instruction.Create(code, r),
            [MemoryOperand m] => Iced.Intel.Instruction.Create(code, m),
            [Register r0, Register r1] => Iced.Intel.Instruction.Create(code, r0, r1),
            _ => throw new NotSupportedException($"{code}: {op.OpCount} operands"),
        };
    }

    /// <summary>Whether <paramref name="code"/> names an ST(i), so cases choose i.</summary>
    public static bool Indexed(Code code)
    {
        var op = code.ToOpCode();
        for (var i = 0; i < op.OpCount; i++)
        {
            if (op.GetOpKind(i) == OpCodeOperandKind.sti_opcode)
                return true;
        }
        return false;
    }

    /// <summary>The case body with RDI at a block: the one place host and guest code is built from.</summary>
    public static void Case(Assembler a, Code code)
    {
        var push = a.CreateLabel();
        var pushed = a.CreateLabel();
        var done = a.CreateLabel();
        // Every register filled first, so that the ones the case leaves empty hold the same bits on the host and in the guest.
        a.fninit();
        for (var i = 0; i < 8; i++)
            a.fld(__tword_ptr[rdi + X87FormBlock.StackOffset + 16 * i]);
        a.fninit();
        a.fldcw(__word_ptr[rdi + X87FormBlock.ControlWordOffset]);
        a.ldmxcsr(__dword_ptr[rdi + X87FormBlock.MxcsrOffset]);
        // ST(depth-1) first, so that Stack[0] ends in ST(0); FLD m80 raises nothing here (at most 8 pushes, no conversion).
        a.movzx(ecx, __byte_ptr[rdi + X87FormBlock.DepthOffset]);
        a.Label(ref push);
        a.test(ecx, ecx);
        a.jz(pushed);
        a.dec(ecx);
        a.mov(eax, ecx);
        a.shl(eax, 4);
        a.fld(__tword_ptr[rdi + rax + X87FormBlock.StackOffset]);
        a.jmp(push);
        a.Label(ref pushed);
        a.mov(rax, __qword_ptr[rdi + X87FormBlock.RaxInOffset]);
        var choices = Indexed(code) ? 8 : 1;
        // One copy of the form per ST(i); the last copy needs no test (the index is below 8).
        for (var index = 0; index < choices; index++)
        {
            var next = a.CreateLabel();
            var last = index == choices - 1;
            if (!last)
            {
                a.cmp(__byte_ptr[rdi + X87FormBlock.IndexOffset], index);
                a.jne(next);
            }
            a.push(__qword_ptr[rdi + X87FormBlock.FlagsInOffset]);
            a.popfq();
            a.AddInstruction(Instruction(code, index));
            if (last)
                break;
            a.jmp(done);
            a.Label(ref next);
        }
        a.Label(ref done);
        a.pushfq();
        a.pop(rcx);
        a.mov(__qword_ptr[rdi + X87FormBlock.FlagsOutOffset], rcx);
        a.mov(__qword_ptr[rdi + X87FormBlock.RaxOutOffset], rax);
        a.fnstsw(__word_ptr[rdi + X87FormBlock.StatusWordOffset]);
        a.fnsave(__[rdi + X87FormBlock.SaveOffset]);
        a.stmxcsr(__dword_ptr[rdi + X87FormBlock.MxcsrOutOffset]);
    }

    /// <summary>Runs every block through <paramref name="code"/> in one long-mode guest with CR4.OSFXSR set; returns the blocks it wrote.</summary>
    public static X87FormBlock[] Guest(Code code, X87FormBlock[] blocks)
    {
        var mebibytes = 4 + X87FormBlock.Size * blocks.Length / (1 << 20) + 1;
        using var vm = Support.Guest.Boot("long", a =>
        {
            var next = a.CreateLabel();
            a.mov(rdi, Blocks);
            a.mov(ebx, blocks.Length);
            a.Label(ref next);
            Case(a, code);
            a.add(rdi, X87FormBlock.Size);
            a.dec(ebx);
            a.jnz(next);
            a.hlt();
        }, mebibytes);
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        vm.Memory.Load(Blocks, MemoryMarshal.AsBytes(blocks.AsSpan()).ToArray());
        Support.Guest.RunToHalt(vm, budget: 400UL * (ulong)blocks.Length);
        var bytes = new byte[X87FormBlock.Size * blocks.Length];
        Assert.True(vm.Memory.Read(Blocks, bytes));
        return MemoryMarshal.Cast<byte, X87FormBlock>(bytes).ToArray();
    }

    /// <summary>
    /// Runs every block through <paramref name="code"/> on the host, one call each on a 64-byte aligned copy; the host's
    /// control word and MXCSR are saved first and restored last, so no unmasked setting outlives a case.
    /// </summary>
    public static X87FormBlock[] Host(Code code, X87FormBlock[] blocks)
    {
        using var native = new ExecutableMemory(Support.Guest.Assemble(64, 0, asm =>
        {
            asm.fnstcw(__word_ptr[rdi + X87FormBlock.SavedControlWordOffset]);
            asm.stmxcsr(__dword_ptr[rdi + X87FormBlock.SavedMxcsrOffset]);
            Case(asm, code);
            asm.ldmxcsr(__dword_ptr[rdi + X87FormBlock.SavedMxcsrOffset]);
            asm.fldcw(__word_ptr[rdi + X87FormBlock.SavedControlWordOffset]);
            asm.ret();
        }));
        var results = new X87FormBlock[blocks.Length];
        var block = (X87FormBlock*)NativeMemory.AlignedAlloc(X87FormBlock.Size, 64);
        try
        {
            for (var i = 0; i < blocks.Length; i++)
            {
                *block = blocks[i];
                ((delegate* unmanaged[SuppressGCTransition]<X87FormBlock*, void>)native.Address)(block);
                results[i] = *block;
            }
        }
        finally
        {
            NativeMemory.AlignedFree(block);
        }
        return results;
    }
}
