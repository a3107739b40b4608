using System;
using System.Collections.Generic;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>
/// One instruction run on the host processor: a SysV function that loads RAX, RCX, RDX, RBX and
/// RFLAGS from the <see cref="CpuState"/> at RDI, executes the instruction, and stores them back.
/// </summary>
internal sealed unsafe class NativeThunk : IDisposable
{
    private readonly ExecutableMemory _code;

    public NativeThunk(Instruction instruction)
    {
        var asm = new Assembler(64);
        asm.push(rbx);   // callee-saved in the SysV ABI; the thunk uses it as an operand
        asm.mov(rax, __[rdi + 32]);
        asm.push(rax);
        asm.popfq();
        asm.mov(rax, __[rdi]);
        asm.mov(rcx, __[rdi + 8]);
        asm.mov(rdx, __[rdi + 16]);
        asm.mov(rbx, __[rdi + 24]);
        asm.AddInstruction(instruction);
        asm.mov(__[rdi], rax);
        asm.mov(__[rdi + 8], rcx);
        asm.mov(__[rdi + 16], rdx);
        asm.mov(__[rdi + 24], rbx);
        asm.pushfq();
        asm.pop(rax);
        asm.mov(__[rdi + 32], rax);
        asm.pop(rbx);
        asm.ret();
        var writer = new BytesWriter();
        asm.Assemble(writer, 0);
        _code = new ExecutableMemory(writer.Bytes.ToArray());
    }

    /// <summary>Runs the instruction on <paramref name="state"/>; its flags must hold only status flags (DF must stay clear for the caller).</summary>
    public void Run(ref CpuState state)
    {
        fixed (CpuState* block = &state)
            ((delegate* unmanaged[SuppressGCTransition]<CpuState*, void>)_code.Address)(block);
    }

    public void Dispose() => _code.Dispose();

    private sealed class BytesWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = [];

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
