using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// Every code the SSE family registers, in each of its operand shapes (register and memory sources, a spread of imm8
/// values), against the host processor over seeded lane values.
/// </summary>
public sealed class SseIntegerDifferentialTests
{
    private const int Cases = 96;
    private static readonly byte[] Immediates = [0x00, 0x01, 0x03, 0x07, 0x08, 0x0F, 0x10, 0x1B, 0x1F, 0x21, 0x3F, 0x40, 0x4E, 0xB1, 0xE4, 0xFF];
    private static readonly MemoryOperand Memory = new(Register.RDI, SseIntegerDifferential.MemoryOffset);

    public static TheoryData<string> Codes()
    {
        var table = VCpu.RegisterFamilies();
        return new TheoryData<string>(Enum.GetValues<Code>().Where(c => table.FamilyOf(c) == "sse").Select(c => c.ToString()));
    }

    [HostFpuTheory]
    [MemberData(nameof(Codes))]
    public void Form_matches_the_host(string name)
    {
        var code = Enum.Parse<Code>(name);
        foreach (var (form, emit) in Forms(code))
            SseIntegerDifferential.Compare(form, emit, FloatDifferential.StableSeed(form), Cases);
    }

    /// <summary>The shapes of <paramref name="code"/> to try: each register-or-memory operand both ways, each imm8 from <see cref="Immediates"/>.</summary>
    private static IEnumerable<(string Form, Action<Assembler> Emit)> Forms(Code code)
    {
        if (code is Code.Maskmovdqu_rDI_xmm_xmm or Code.Maskmovq_rDI_mm_mm)
        {
            var masked = code == Code.Maskmovq_rDI_mm_mm
                ? Instruction.CreateMaskmovq(64, Register.MM0, Register.MM1)
                : Instruction.CreateMaskmovdqu(64, Register.XMM0, Register.XMM1);
            yield return (code.ToString(), a =>
            {
                a.add(rdi, SseIntegerDifferential.MemoryOffset);
                a.AddInstruction(masked);
                a.sub(rdi, SseIntegerDifferential.MemoryOffset);
            });
            yield break;
        }
        var opCode = code.ToOpCode();
        var kinds = Enumerable.Range(0, opCode.OpCount).Select(opCode.GetOpKind).ToArray();
        var memoryShapes = kinds.Any(IsRegisterOrMemory) ? new[] { false, true } : [kinds.Contains(OpCodeOperandKind.mem)];
        var immediates = kinds.Contains(OpCodeOperandKind.imm8) ? Immediates.Select(i => (int?)i) : [null];
        foreach (var memory in memoryShapes)
        {
            foreach (var imm in immediates)
            {
                var instruction = Build(code, kinds, memory, imm, Memory);
                yield return ($"{code} {instruction}", a => a.AddInstruction(instruction));
            }
        }
    }

    internal static bool IsRegisterOrMemory(OpCodeOperandKind kind) => kind is OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.mm_or_mem
        or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem;

    /// <summary>
    /// <paramref name="code"/> with operand kinds <paramref name="kinds"/> as XMM0/MM0/RAX (operand 0) and XMM1/MM1/RAX (the rest), each
    /// register-or-memory operand as <paramref name="memoryOperand"/> when <paramref name="memory"/>, and <paramref name="imm"/> as imm8.
    /// </summary>
    internal static Instruction Build(Code code, OpCodeOperandKind[] kinds, bool memory, int? imm, MemoryOperand memoryOperand)
    {
        var operands = new List<object>();
        for (var i = 0; i < kinds.Length; i++)
        {
            operands.Add(kinds[i] switch
            {
                OpCodeOperandKind.imm8 => (object)imm!.Value,
                OpCodeOperandKind.mem => memoryOperand,
                var k when memory && IsRegisterOrMemory(k) => memoryOperand,
                OpCodeOperandKind.xmm_reg or OpCodeOperandKind.xmm_rm or OpCodeOperandKind.xmm_or_mem => i == 0 ? Register.XMM0 : Register.XMM1,
                OpCodeOperandKind.mm_reg or OpCodeOperandKind.mm_rm or OpCodeOperandKind.mm_or_mem => i == 0 ? Register.MM0 : Register.MM1,
                OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_rm or OpCodeOperandKind.r32_or_mem => Register.EAX,
                OpCodeOperandKind.r64_reg or OpCodeOperandKind.r64_rm or OpCodeOperandKind.r64_or_mem => Register.RAX,
                var k => throw new InvalidOperationException($"{code}: no test operand for {k}"),
            });
        }
        return operands switch
        {
            [] => Instruction.Create(code),
            [Register r0, Register r1] => Instruction.Create(code, r0, r1),
            [Register r0, MemoryOperand m] => Instruction.Create(code, r0, m),
            [MemoryOperand m, Register r1] => Instruction.Create(code, m, r1),
            [Register r0, int i] => Instruction.Create(code, r0, i),
            [Register r0, Register r1, int i] => Instruction.Create(code, r0, r1, i),
            [Register r0, MemoryOperand m, int i] => Instruction.Create(code, r0, m, i),
            _ => throw new InvalidOperationException($"{code}: no test shape for {string.Join(", ", kinds)}"),
        };
    }
}
