using System;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Differential;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// Runs one SSE or x87 instruction on the host processor: a SysV function assembled around it loads
/// the operands and MXCSR or the x87 control word from a <see cref="HostFpuBlock"/>, executes it, and
/// stores the results, RFLAGS, MXCSR or the status word and the whole x87 state (FNSAVE) back. The
/// host's own MXCSR and control word are restored before it returns, and every exception stays
/// masked on the host, so a case can never deliver SIGFPE to the test process.
/// </summary>
internal sealed unsafe class HostFpu : IDisposable
{
    /// <summary>The host can run the snippets: an x86-64 Linux process.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    private readonly ExecutableMemory _code;

    private HostFpu(Assembler asm)
    {
        var writer = new BytesWriter();
        asm.Assemble(writer, 0);
        _code = new ExecutableMemory(writer.Bytes.ToArray());
    }

    /// <summary>
    /// An SSE snippet: XMM0 = A, XMM1 = B, RAX = the integer input, MXCSR loaded; <paramref name="emit"/> runs;
    /// XMM0, RAX, RFLAGS and MXCSR are read back.
    /// </summary>
    public static HostFpu Sse(Action<Assembler> emit)
    {
        var asm = new Assembler(64);
        asm.stmxcsr(__dword_ptr[rdi + HostFpuBlock.SavedMxcsrOffset]);
        SseCase(asm, emit);
        asm.ldmxcsr(__dword_ptr[rdi + HostFpuBlock.SavedMxcsrOffset]);
        asm.ret();
        return new HostFpu(asm);
    }

    /// <summary>
    /// The SSE case the host and a guest both run, with RDI at the block: MXCSR, XMM0 = A, XMM1 = B and RAX loaded,
    /// <paramref name="emit"/>, then RFLAGS, XMM0, RAX and MXCSR stored back.
    /// </summary>
    public static void SseCase(Assembler asm, Action<Assembler> emit)
    {
        asm.ldmxcsr(__dword_ptr[rdi + HostFpuBlock.MxcsrOffset]);
        asm.movdqu(xmm0, __xmmword_ptr[rdi + HostFpuBlock.AOffset]);
        asm.movdqu(xmm1, __xmmword_ptr[rdi + HostFpuBlock.BOffset]);
        asm.mov(rax, __qword_ptr[rdi + HostFpuBlock.IntegerOffset]);
        emit(asm);
        asm.pushfq();
        asm.pop(rcx);
        asm.mov(__qword_ptr[rdi + HostFpuBlock.FlagsOffset], rcx);
        asm.movdqu(__xmmword_ptr[rdi + HostFpuBlock.ResultOffset], xmm0);
        asm.mov(__qword_ptr[rdi + HostFpuBlock.IntegerOffset], rax);
        asm.stmxcsr(__dword_ptr[rdi + HostFpuBlock.MxcsrOffset]);
    }

    /// <summary>
    /// An x87 snippet: FNINIT, the control word loaded, B then A pushed (ST0 = A, ST1 = B); <paramref name="emit"/>
    /// runs with the memory operand at [RDI + <see cref="HostFpuBlock.MemoryOffset"/>]; the status word,
    /// RFLAGS and the FNSAVE image are read back.
    /// </summary>
    /// <summary>
    /// The x87 case the host and a guest both run, with RDI at the block: a clean FPU under the block's control word,
    /// B then A pushed, <paramref name="emit"/>, then the status word, RFLAGS and an FNSAVE image stored back.
    /// </summary>
    public static void X87Case(Assembler asm, Action<Assembler> emit)
    {
        asm.fninit();
        asm.fldcw(__word_ptr[rdi + HostFpuBlock.ControlWordOffset]);
        asm.fld(__tword_ptr[rdi + HostFpuBlock.BOffset]);
        asm.fld(__tword_ptr[rdi + HostFpuBlock.AOffset]);
        emit(asm);
        asm.fnstsw(__word_ptr[rdi + HostFpuBlock.StatusWordOffset]);
        asm.pushfq();
        asm.pop(rcx);
        asm.mov(__qword_ptr[rdi + HostFpuBlock.FlagsOffset], rcx);
        asm.fnsave(__[rdi + HostFpuBlock.SaveAreaOffset]);
    }

    public static HostFpu X87(Action<Assembler> emit)
    {
        var asm = new Assembler(64);
        asm.fnstcw(__word_ptr[rdi + HostFpuBlock.SavedControlWordOffset]);
        X87Case(asm, emit);
        asm.fldcw(__word_ptr[rdi + HostFpuBlock.SavedControlWordOffset]);
        asm.ret();
        return new HostFpu(asm);
    }

    /// <summary>Runs the snippet on <paramref name="block"/>; MXCSR and the control word must keep every exception masked.</summary>
    public void Run(ref HostFpuBlock block)
    {
        if ((block.Mxcsr & 0x1F80) != 0x1F80 || (block.ControlWord & 0x3F) != 0x3F)
            throw new ArgumentException("host FPU cases must keep every exception masked", nameof(block));
        fixed (HostFpuBlock* pointer = &block)
            ((delegate* unmanaged[SuppressGCTransition]<HostFpuBlock*, void>)_code.Address)(pointer);
    }

    public void Dispose() => _code.Dispose();

    private sealed class BytesWriter : CodeWriter
    {
        public System.Collections.Generic.List<byte> Bytes { get; } = [];

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}

/// <summary>The memory a <see cref="HostFpu"/> snippet reads its inputs from and writes its outputs to.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct HostFpuBlock
{
    public const int AOffset = 0, BOffset = 16, ResultOffset = 32, MemoryOffset = 48, MemoryOutOffset = 64;
    public const int IntegerOffset = 80, FlagsOffset = 88, MxcsrOffset = 96, SavedMxcsrOffset = 100;
    public const int ControlWordOffset = 104, StatusWordOffset = 106, SavedControlWordOffset = 108, SaveAreaOffset = 128;

    [FieldOffset(AOffset)] public UInt128 A;
    [FieldOffset(BOffset)] public UInt128 B;
    [FieldOffset(ResultOffset)] public UInt128 Result;
    [FieldOffset(MemoryOffset)] public UInt128 Memory;
    [FieldOffset(MemoryOutOffset)] public UInt128 MemoryOut;
    [FieldOffset(IntegerOffset)] public ulong Integer;
    [FieldOffset(FlagsOffset)] public ulong Flags;
    [FieldOffset(MxcsrOffset)] public uint Mxcsr;
    [FieldOffset(ControlWordOffset)] public ushort ControlWord;
    [FieldOffset(StatusWordOffset)] public ushort StatusWord;
    [FieldOffset(SaveAreaOffset + 28)] public ulong St0Significand;
    [FieldOffset(SaveAreaOffset + 36)] public ushort St0SignExponent;
    [FieldOffset(SaveAreaOffset + 38)] public ulong St1Significand;
    [FieldOffset(SaveAreaOffset + 46)] public ushort St1SignExponent;

    /// <summary>A block with both control registers at their power-up value: every exception masked.</summary>
    public static HostFpuBlock Create() => new() { Mxcsr = 0x1F80, ControlWord = 0x037F };

    public readonly Extended80 St0 => new(St0SignExponent, St0Significand);

    public readonly Extended80 St1 => new(St1SignExponent, St1Significand);

    public static UInt128 FromExtended(Extended80 value) => ((UInt128)value.SignExponent << 64) | value.Significand;
}
