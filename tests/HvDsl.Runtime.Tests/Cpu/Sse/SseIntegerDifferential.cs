using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Tests.Differential;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// Runs one SSE/MMX snippet over a batch of <see cref="Block"/>s both on the host processor and in a long-mode guest: the
/// same body loads XMM0, XMM1, MM0, MM1 and RAX from the block at RDI, runs the instruction (its memory operand is the
/// block's 16 bytes at <see cref="MemoryOffset"/>), stores XMM0, XMM1, MM0 and RAX back and leaves MMX with EMMS; the
/// batches are then compared byte for byte.
/// </summary>
internal static unsafe class SseIntegerDifferential
{
    public const int Block = 128;
    public const int AOffset = 0, BOffset = 16, MemoryOffset = 32, IntegerOffset = 48, MmAOffset = 56, MmBOffset = 64;
    private const int Xmm0Out = 80, Xmm1Out = 96, Mm0Out = 112, RaxOut = 120;
    private const ulong GuestBlocks = 0x200000;
    private const ulong Cr4Osfxsr = 1 << 9;

    /// <summary>The body both sides run for one block at RDI; it keeps RSI, the guest's loop counter.</summary>
    private static void Body(Assembler a, Action<Assembler> emit)
    {
        a.movdqu(xmm0, __xmmword_ptr[rdi + AOffset]);
        a.movdqu(xmm1, __xmmword_ptr[rdi + BOffset]);
        a.movq(mm0, __qword_ptr[rdi + MmAOffset]);
        a.movq(mm1, __qword_ptr[rdi + MmBOffset]);
        a.mov(rax, __qword_ptr[rdi + IntegerOffset]);
        emit(a);
        a.movdqu(__xmmword_ptr[rdi + Xmm0Out], xmm0);
        a.movdqu(__xmmword_ptr[rdi + Xmm1Out], xmm1);
        a.movq(__qword_ptr[rdi + Mm0Out], mm0);
        a.mov(__qword_ptr[rdi + RaxOut], rax);
        a.emms();
    }

    /// <summary>Operand bytes rich in the lane values saturation, compares and shifts turn on.</summary>
    public static byte[] Inputs(int seed, int blocks)
    {
        var random = new Random(seed);
        ushort[] edges = [0x0000, 0xFFFF, 0x8000, 0x7FFF, 0x0080, 0x007F, 0xFF80, 0x00FF, 0x0001, 0x8080, 0x7F7F];
        var bytes = new byte[blocks * Block];
        for (var i = 0; i < bytes.Length; i += 2)
        {
            var word = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : (ushort)random.Next(0x10000);
            bytes[i] = (byte)word;
            bytes[i + 1] = (byte)(word >> 8);
        }
        // Small integers in RAX, so it can serve as a shift count or a word index too.
        for (var b = 0; b < blocks; b++)
        {
            if (random.Next(2) == 0)
                bytes[b * Block + IntegerOffset + 1] = bytes[b * Block + IntegerOffset + 2] = 0;
        }
        return bytes;
    }

    /// <summary>The blocks after the guest ran the body over each of them.</summary>
    public static byte[] Guest(Action<Assembler> emit, byte[] inputs)
    {
        using var vm = Support.Guest.Boot("long", a =>
        {
            var next = a.CreateLabel();
            a.mov(rdi, GuestBlocks);
            a.mov(esi, inputs.Length / Block);
            a.Label(ref next);
            Body(a, emit);
            a.add(rdi, Block);
            a.dec(esi);
            a.jne(next);
            a.hlt();
        });
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        vm.Memory.Load(GuestBlocks, inputs);
        Support.Guest.RunToHalt(vm, budget: (ulong)inputs.Length);
        var result = new byte[inputs.Length];
        Assert.True(vm.Memory.Read(GuestBlocks, result));
        return result;
    }

    /// <summary>The blocks after the host ran the body over each of them, in 64-byte aligned memory so aligned forms may run.</summary>
    public static byte[] Host(Action<Assembler> emit, byte[] inputs)
    {
        var asm = new Assembler(64);
        Body(asm, emit);
        asm.ret();
        using var stream = new MemoryStream();
        asm.Assemble(new StreamCodeWriter(stream), 0);
        using var code = new ExecutableMemory(stream.ToArray());
        var blocks = (byte*)NativeMemory.AlignedAlloc((nuint)inputs.Length, 64);
        try
        {
            inputs.CopyTo(new Span<byte>(blocks, inputs.Length));
            for (var offset = 0; offset < inputs.Length; offset += Block)
                ((delegate* unmanaged[SuppressGCTransition]<byte*, void>)code.Address)(blocks + offset);
            return new Span<byte>(blocks, inputs.Length).ToArray();
        }
        finally
        {
            NativeMemory.AlignedFree(blocks);
        }
    }

    /// <summary>Asserts the guest's blocks equal the host's, naming the first few blocks that differ with their inputs.</summary>
    public static void Compare(string form, Action<Assembler> emit, int seed, int blocks)
    {
        var inputs = Inputs(seed, blocks);
        var guest = Guest(emit, inputs);
        var host = Host(emit, inputs);
        var failures = new List<string>();
        var differing = 0;
        for (var b = 0; b < blocks; b++)
        {
            var g = guest.AsSpan(b * Block, Block);
            var h = host.AsSpan(b * Block, Block);
            if (g.SequenceEqual(h))
                continue;
            if (++differing <= 4)
                failures.Add($"  in {Convert.ToHexString(inputs, b * Block, 80)}\n  host  {Convert.ToHexString(h)}\n  guest {Convert.ToHexString(g)}");
        }
        Assert.True(differing == 0, $"{form}: {differing} of {blocks} cases differ from the host:\n" + string.Join("\n", failures));
    }
}
