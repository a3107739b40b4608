using System.Linq;
using HvDsl.Language.Binding;

namespace HvDsl.Language.Emitting;

/// <summary>Emits a CPUID table: a <c>switch</c> on the leaf (then the subleaf) returning four constants, vendor strings already packed.</summary>
internal static class CpuidTableEmitter
{
    private const string Register = "global::Iced.Intel.Register";

    public static GeneratedSource Emit(EmitOptions options, BoundCpuidTable table) =>
        CSharp.File($"{table.Name}.Cpuid.g.cs", options, w =>
        {
            w.Summary(CSharp.Doc(table.Doc, $"The {table.Name} CPUID table."));
            w.Line(CSharp.SpecLine(table.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {TypeNames.Cpuid(table.Name)}"))
            {
                w.Summary("The registers CPUID returns for <paramref name=\"leaf\"/> (EAX) and <paramref name=\"subleaf\"/> (ECX); unlisted leaves read all zeros.");
                using (w.Block("public static (uint Eax, uint Ebx, uint Ecx, uint Edx) Query(uint leaf, uint subleaf)"))
                {
                    using (w.Block("switch (leaf)"))
                    {
                        foreach (var leaf in table.Leaves.GroupBy(l => l.Leaf))
                        {
                            var any = leaf.FirstOrDefault(l => l.Subleaf is null);
                            var subleaves = leaf.Where(l => l.Subleaf is not null).ToList();
                            if (subleaves.Count == 0)
                            {
                                w.Line(CSharp.SpecLine(any!.Span));
                                w.Line($"case {CSharp.Hex(leaf.Key, 4)}: return {Answer(any)};");
                                continue;
                            }
                            w.Line($"case {CSharp.Hex(leaf.Key, 4)}:");
                            using (w.Indent())
                            using (w.Block("switch (subleaf)"))
                            {
                                foreach (var sub in subleaves)
                                {
                                    w.Line(CSharp.SpecLine(sub.Span));
                                    w.Line($"case {CSharp.Hex(sub.Subleaf!.Value, 4)}: return {Answer(sub)};");
                                }
                                if (any is not null) w.Line(CSharp.SpecLine(any.Span));
                                w.Line($"default: return {(any is null ? "(0, 0, 0, 0)" : Answer(any))};");
                            }
                        }
                        w.Line("// Leaves the table does not list read as zeros.");
                        w.Line("default: return (0, 0, 0, 0);");
                    }
                }
                w.Line();
                w.Summary("Performs CPUID for the guest: reads EAX and ECX, writes EAX, EBX, ECX and EDX.");
                using (w.Block("public global::HvDsl.Runtime.Exits.ExitAction Execute(global::HvDsl.Runtime.Cpu.IGuestCpu cpu)"))
                {
                    w.Line($"var (eax, ebx, ecx, edx) = Query((uint)cpu.GetRegister({Register}.EAX), (uint)cpu.GetRegister({Register}.ECX));");
                    w.Line("// 32-bit register writes zero the upper halves, as CPUID does in 64-bit mode.");
                    foreach (var r in new[] { "eax", "ebx", "ecx", "edx" }) w.Line($"cpu.SetRegister({Register}.{r.ToUpperInvariant()}, {r});");
                    w.Line("return global::HvDsl.Runtime.Exits.ExitAction.Resume;");
                }
            }
        });

    private static string Answer(BoundCpuidLeaf leaf) =>
        $"({CSharp.Hex(leaf.Eax, 4)}, {CSharp.Hex(leaf.Ebx, 4)}, {CSharp.Hex(leaf.Ecx, 4)}, {CSharp.Hex(leaf.Edx, 4)})";
}
