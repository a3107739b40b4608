using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// x87 arithmetic and compares against the host FPU, over operands that include zeros, infinities, quiet and signaling
/// NaNs, denormals, an unsupported encoding and ordinary values, under every rounding mode and precision control.
/// </summary>
public sealed class X87ArithmeticTests
{
    private const int Mem = HostFpuBlock.MemoryOffset;

    private static readonly Extended80[] Operands =
    [
        new(0x3FFF, 0xC000_0000_0000_0000), // 1.5
        new(0xC000, 0xAAAA_AAAA_AAAA_AAAB), // about -2.67
        new(0x0000, 0x0000_0000_0000_0000), // +0
        new(0x7FFF, 0x8000_0000_0000_0000), // +inf
        new(0xFFFF, 0xC000_0000_0000_0001), // -QNaN
        new(0x7FFF, 0xA000_0000_0000_0000), // SNaN
        new(0x0000, 0x0000_0000_0000_0001), // denormal
        new(0x4000, 0x0000_0000_0000_0000), // unnormal: unsupported
        new(0x7FFE, 0xFFFF_FFFF_FFFF_FFFF), // largest finite
    ];

    public static IEnumerable<object[]> Pairs()
    {
        for (var i = 0; i < Operands.Length; i++)
        {
            for (var j = 0; j < Operands.Length; j++)
                yield return [i, j];
        }
    }

    private static HostFpuBlock Block(int a, int b, int rounding = 0, int precision = 3)
    {
        var block = HostFpuBlock.Create();
        block.ControlWord = (ushort)(0x003F | precision << 8 | rounding << 10);
        block.A = HostFpuBlock.FromExtended(Operands[a]);
        block.B = HostFpuBlock.FromExtended(Operands[b]);
        return block;
    }

    private static readonly Action<Assembler>[] TwoOperand =
    [
        a => a.fadd(st0, st1), a => a.fsub(st0, st1), a => a.fsubr(st0, st1), a => a.fmul(st0, st1), a => a.fdiv(st0, st1),
        a => a.fdivr(st0, st1), a => a.faddp(st1, st0), a => a.fsubp(st1, st0), a => a.fdivrp(st1, st0), a => a.fdiv(st1, st0),
        a => a.fprem(), a => a.fprem1(), a => a.fscale(),
        a => a.fcom(st0, st1), a => a.fucomp(st0, st1), a => a.fcompp(), a => a.fucompp(),
    ];

    private static readonly Action<Assembler>[] FlagCompares = [a => a.fcomi(st0, st1), a => a.fucomip(st0, st1)];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_operand_instructions_match_the_host_bit_for_bit(int a, int b)
    {
        foreach (var instruction in TwoOperand)
            X87Differential.Compare(instruction, Block(a, b));
        foreach (var instruction in FlagCompares)
            X87Differential.Compare(instruction, Block(a, b), flags: true);
    }

    [Theory]
    [InlineData(0, 3), InlineData(1, 3), InlineData(2, 3), InlineData(3, 3), InlineData(0, 0), InlineData(0, 2), InlineData(3, 0)]
    public void Arithmetic_rounds_under_every_rounding_mode_and_precision_like_the_host(int rounding, int precision)
    {
        foreach (var instruction in TwoOperand[..10])
            X87Differential.Compare(instruction, Block(0, 1, rounding, precision));
        X87Differential.Compare(a => a.fsqrt(), Block(1, 0, rounding, precision) with { A = HostFpuBlock.FromExtended(new(0x4000, 0xAAAA_AAAA_AAAA_AAAB)) });
        X87Differential.Compare(a => a.frndint(), Block(1, 0, rounding, precision));
    }

    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5), InlineData(6), InlineData(7), InlineData(8)]
    public void One_operand_instructions_match_the_host(int a)
    {
        foreach (var instruction in new Action<Assembler>[] { x => x.fchs(), x => x.fabs(), x => x.fsqrt(), x => x.frndint(),
            x => x.fxtract(), x => x.ftst(), x => x.fxam() })
        {
            X87Differential.Compare(x =>
            {
                x.fstp(st1); // leaves A alone, so FXTRACT has a free slot
                instruction(x);
            }, Block(a, 0));
        }
    }

    [Theory]
    [InlineData(0x3FC0_0000UL), InlineData(0x7F80_0001UL), InlineData(0x0000_0001UL)]
    public void Memory_and_integer_operands_match_the_host(ulong bits)
    {
        foreach (var instruction in new Action<Assembler>[] { x => x.fadd(__dword_ptr[rdi + Mem]), x => x.fdivr(__qword_ptr[rdi + Mem]),
            x => x.fimul(__dword_ptr[rdi + Mem]), x => x.fisub(__word_ptr[rdi + Mem]), x => x.fcomp(__dword_ptr[rdi + Mem]),
            x => x.ficom(__word_ptr[rdi + Mem]) })
        {
            var block = Block(0, 1);
            block.Memory = bits;
            X87Differential.Compare(instruction, block);
        }
    }

    [Fact]
    public void An_operation_on_an_empty_register_is_a_stack_underflow_answered_with_the_indefinite()
    {
        X87Differential.Compare(x =>
        {
            x.ffree(st1);
            x.fadd(st0, st1);
        }, Block(0, 0));
        X87Differential.Compare(x =>
        {
            x.ffree(st1);
            x.fcomi(st0, st1);
        }, Block(0, 0), flags: true);
    }
}
