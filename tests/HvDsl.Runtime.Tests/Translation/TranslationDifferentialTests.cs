using System;
using System.IO;
using System.Linq;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The interpreter is the translator's oracle: seeded random programs run through both and must end with the same exit,
/// every register, flag and counter (the vCPU's whole saved state) and every byte of guest memory.
/// </summary>
public sealed class TranslationDifferentialTests
{
    /// <summary>Sequences per mode in the normal suite; HVDSL_TRANSLATION_FUZZ sets another count (100000 for the full run).</summary>
    private static int Sequences => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ"), out var count) && count > 0 ? count : 400;

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Random_programs_end_in_the_same_state_translated_or_interpreted(bool long64, bool straight)
    {
        var translated = 0L;
        for (var seed = 0; seed < Sequences; seed++)
        {
            var program = new RandomProgram(seed * 2 + (long64 ? 1 : 0), long64, length: straight ? 12 : 24, straight);
            using var interpreted = program.Boot(translate: false);
            using var compiled = program.Boot(translate: true);
            var expected = interpreted.Run(program.Budget);
            var actual = compiled.Run(program.Budget);
            translated += compiled.Cpu.Statistics.BlocksTranslated;
            var where = $"seed {seed * 2 + (long64 ? 1 : 0)}, budget {program.Budget}:{Environment.NewLine}{program.Listing}";
            Assert.True(expected.Reason == actual.Reason && expected.Message == actual.Message && expected.Address == actual.Address,
                $"exit {actual} instead of {expected} at {where}");
            Assert.True(State(interpreted).SequenceEqual(State(compiled)), $"vCPU state differs ({Difference(interpreted, compiled)}) at {where}");
            Assert.True(Memory(interpreted).SequenceEqual(Memory(compiled)), $"guest memory differs at {where}");
        }
        Assert.True(translated >= Sequences, $"only {translated} blocks were translated in {Sequences} programs");
    }

    internal static byte[] State(Vm vm)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            vm.Cpu.SaveState(writer);
        return stream.ToArray();
    }

    internal static byte[] Memory(Vm vm)
    {
        var bytes = new byte[4 << 20];
        Assert.True(vm.Memory.Read(0, bytes));
        return bytes;
    }

    internal static string Difference(Vm a, Vm b)
    {
        var names = new[] { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
        var parts = names.Select((name, i) => (name, x: a.Cpu.GetRegister(Iced.Intel.Register.RAX + i), y: b.Cpu.GetRegister(Iced.Intel.Register.RAX + i)))
            .Where(p => p.x != p.y).Select(p => $"{p.name} {p.x:X} vs {p.y:X}").ToList();
        if (a.Cpu.Rip != b.Cpu.Rip) parts.Add($"rip {a.Cpu.Rip:X} vs {b.Cpu.Rip:X}");
        if (a.Cpu.RFlags != b.Cpu.RFlags) parts.Add($"rflags {a.Cpu.RFlags:X} vs {b.Cpu.RFlags:X}");
        if (a.Cpu.InstructionCount != b.Cpu.InstructionCount) parts.Add($"count {a.Cpu.InstructionCount} vs {b.Cpu.InstructionCount}");
        return parts.Count == 0 ? "other state" : string.Join(", ", parts);
    }
}
