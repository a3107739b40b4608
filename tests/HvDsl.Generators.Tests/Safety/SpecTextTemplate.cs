using System.Collections.Generic;
using System.Linq;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Generators.Tests.Safety;

/// <summary>
/// A spec that uses every declaration kind, with a slot wherever spec text reaches C#: «c» trailing comments, «d» doc lines,
/// «Key» names and «Text» / «Format» string contents.
/// </summary>
internal static class SpecTextTemplate
{
    public const string Text = """
        «d»
        device «Dev» { «c»
            size 4; «c»
            irq «Irq»;
            «d»
            register «Reg» @0 : u8 rw on read -> «ReadHook» on write -> «WriteHook» { «c»
                «d»
                «Fld» @0..1 { «Val» = 0, Other = 1 } «c»
                Flag @7;
            }
            register Banked @1 : u8 rw when «Reg».«Fld» == 1; «c»
            register Arr[2] @2 : u8 rw;
        }
        «d»
        traps «Traps» { «c»
            hlt => halt; «c»
            cpuid => table «Ids»;
            rdmsr, wrmsr => msrs «Msrs»;
            vmcall => hypercalls «Calls»;
            mov_cr => «Handler»; «c»
            otherwise => raise GP(0);
        }
        «d»
        cpuid «Ids» {
            «d»
            0 => eax 1, vendor "GenuineIntel"; «c»
            1 sub 0 => ecx 5;
        }
        «d»
        msrs «Msrs» {
            «d»
            0x10 «Msr» rw reset 1; «c»
            0x1B Base rw cpu;
        }
        «d»
        hypercalls «Calls» via vmcall {
            number rax; arguments rbx, rcx; result rax;
            otherwise => result -1000; «c»
            «d»
            5 «Call»(«Param»: u64, second: u32) -> u64; «c»
            6 Other();
        }
        «d»
        service «Svc» {
            listen tcp 7; «c»
            on connect => send "«Text»" line, send now "«Format»" line; «c»
        }
        «d»
        machine «Machine» {
            memory 1 MiB; «c»
            traps «Traps»;
            «d»
            device «Dev» «Inst» at io 0x10 irq 3; «c»
            services «Svc»;
        }
        """;

    /// <summary>The name each «Key» slot holds unless a test puts another there.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["Dev"] = "Dev", ["Irq"] = "Out", ["Reg"] = "Reg", ["ReadHook"] = "OnRead", ["WriteHook"] = "OnWrite", ["Fld"] = "Fld",
        ["Val"] = "Val", ["Traps"] = "Trp", ["Ids"] = "Ids", ["Msrs"] = "Msr1", ["Calls"] = "Calls", ["Handler"] = "OnCr",
        ["Msr"] = "Tick", ["Call"] = "Call", ["Param"] = "Arg", ["Svc"] = "Svc", ["Machine"] = "Box", ["Inst"] = "dev0",
    };

    /// <summary>The spec with <paramref name="comment"/>, <paramref name="doc"/>, the names and the strings in their slots.</summary>
    public static string Fill(string comment, string doc, IReadOnlyDictionary<string, string> names, string text = "hello", string format = "HH:mm")
    {
        var spec = Text.Replace("«c»", comment.Length == 0 ? "" : "// " + comment).Replace("«d»", doc.Length == 0 ? "" : "/// " + doc)
            .Replace("«Text»", Quote(text)).Replace("«Format»", Quote(format));
        return names.Aggregate(spec, (s, name) => s.Replace($"«{name.Key}»", name.Value));
    }

    /// <summary>The generated files of <paramref name="spec"/>, or null with the diagnostics when the language refuses it.</summary>
    public static (IReadOnlyList<string>? Files, CompilationResult Result) Emit(string spec, string path = "test.hvspec")
    {
        var result = SpecCompiler.Compile([(path, spec)]);
        if (!result.Success) return (null, result);
        return (SpecEmitter.EmitAll(result.Model, new EmitOptions("Test", "0.0.0")).Select(s => s.Text).ToList(), result);
    }

    // The spec string syntax: backslash and quote escaped, and a string cannot span lines.
    private static string Quote(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
