using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// Runs one SSE floating-point form on many generated cases in one guest and on the host: each case is a
/// <see cref="HostFpuBlock"/> (operands and MXCSR in, XMM0, RAX, RFLAGS and MXCSR out), and the guest walks an array
/// of them through the same <see cref="HostFpu.SseCase"/> body the host runs one at a time.
/// </summary>
internal static class SseFloatDifferential
{
    /// <summary>Cases per form: enough that every operand class meets every rounding mode, DAZ and FTZ.</summary>
    public const int Cases = 1500;

    private const ulong Blocks = 0x200000;
    private const ulong Cr4Osfxsr = 1 << 9;
    private const ulong ArithmeticFlags = 0x8D5; // OF, SF, ZF, AF, PF, CF

    /// <summary>
    /// Checks <paramref name="emit"/> on <see cref="Cases"/> cases from <paramref name="operands"/>: RFLAGS only when the
    /// form sets them (<paramref name="flags"/>), XMM0 bit for bit unless <paramref name="equal"/> judges it (approximations).
    /// </summary>
    public static void Check(string form, Action<Assembler> emit, Func<FloatOperands, HostFpuBlock> operands, bool flags = false,
        Func<HostFpuBlock, HostFpuBlock, string?>? equal = null)
    {
        var generator = new FloatOperands(FloatDifferential.StableSeed(form));
        var blocks = new HostFpuBlock[Cases];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = operands(generator);
            blocks[i].Mxcsr = generator.Mxcsr();
        }
        var guest = Guest(emit, blocks);
        using var host = HostFpu.Sse(emit);
        var failures = new List<string>();
        var differing = 0;
        for (var i = 0; i < blocks.Length; i++)
        {
            var expected = blocks[i];
            host.Run(ref expected);
            var difference = Difference(expected, guest[i], flags ? ArithmeticFlags : 0, equal);
            if (difference != null && ++differing <= 8)
                failures.Add($"  a={blocks[i].A:X32} b={blocks[i].B:X32} rax={blocks[i].Integer:X16} mxcsr={blocks[i].Mxcsr:X4}: {difference}");
        }
        Assert.True(differing == 0, $"{form}: {differing} of {Cases} cases differ from the host:\n" + string.Join("\n", failures));
    }

    /// <summary>Runs the snippet over every block in one long-mode guest with CR4.OSFXSR set and returns the blocks it wrote.</summary>
    public static HostFpuBlock[] Guest(Action<Assembler> emit, HostFpuBlock[] blocks)
    {
        var size = Marshal.SizeOf<HostFpuBlock>();
        using var vm = Support.Guest.Boot("long", a =>
        {
            var next = a.CreateLabel();
            a.mov(rdi, Blocks);
            a.mov(ebx, blocks.Length);
            a.Label(ref next);
            HostFpu.SseCase(a, emit);
            a.add(rdi, size);
            a.dec(ebx);
            a.jnz(next);
            a.hlt();
        });
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        vm.Memory.Load(Blocks, MemoryMarshal.AsBytes(blocks.AsSpan()).ToArray());
        Support.Guest.RunToHalt(vm, budget: 100UL * (ulong)blocks.Length);
        var bytes = new byte[size * blocks.Length];
        Assert.True(vm.Memory.Read(Blocks, bytes));
        return MemoryMarshal.Cast<byte, HostFpuBlock>(bytes).ToArray();
    }

    private static string? Difference(HostFpuBlock host, HostFpuBlock guest, ulong flagMask, Func<HostFpuBlock, HostFpuBlock, string?>? equal)
    {
        var result = equal != null ? equal(host, guest) : host.Result == guest.Result ? null : "XMM0";
        if (result == null && host.Integer == guest.Integer && host.Mxcsr == guest.Mxcsr && (host.Flags & flagMask) == (guest.Flags & flagMask))
            return null;
        return $"host xmm0 {host.Result:X32} rax {host.Integer:X16} rflags {host.Flags & flagMask:X3} mxcsr {host.Mxcsr:X4}; "
            + $"guest xmm0 {guest.Result:X32} rax {guest.Integer:X16} rflags {guest.Flags & flagMask:X3} mxcsr {guest.Mxcsr:X4}" + (result != null ? $" ({result})" : "");
    }
}
