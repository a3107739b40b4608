using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HvDsl.Runtime.Gdb;

/// <summary>
/// The register layouts the stub offers gdb (<c>qXfer:features:read:target.xml</c>), in gdb's feature names
/// (org.gnu.gdb.i386.core, .sse, .segments) plus the control registers and EFER under QEMU's names: i8086 for real
/// mode, i386 for protected mode (both with 32-bit registers), i386:x86-64 for long mode. The order of the registers is the order of a <c>g</c> reply.
/// </summary>
internal sealed class TargetDescription
{
    private const string Core = "org.gnu.gdb.i386.core", Sse = "org.gnu.gdb.i386.sse", Segments = "org.gnu.gdb.i386.segments", Sys = "org.hvdsl.i386.sys";

    private static readonly string[] Gpr32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];

    // gdb's amd64 order names RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP first; the numbers are their encodings.
    private static readonly (string Name, int Number)[] Gpr64 =
    [
        ("rax", 0), ("rbx", 3), ("rcx", 1), ("rdx", 2), ("rsi", 6), ("rdi", 7), ("rbp", 5), ("rsp", 4),
        ("r8", 8), ("r9", 9), ("r10", 10), ("r11", 11), ("r12", 12), ("r13", 13), ("r14", 14), ("r15", 15),
    ];

    // Iced's segment order (ES, CS, SS, DS, FS, GS) by gdb's (cs, ss, ds, es, fs, gs).
    private static readonly (string Name, int Index)[] SegmentOrder = [("cs", 1), ("ss", 2), ("ds", 3), ("es", 0), ("fs", 4), ("gs", 5)];

    private TargetDescription(string architecture, IReadOnlyList<GdbRegister> registers)
    {
        Architecture = architecture;
        Registers = registers;
        Xml = BuildXml();
    }

    /// <summary>The 32-bit layout for protected mode.</summary>
    public static TargetDescription I386 { get; } = new("i386", Build(wide: false));

    /// <summary>The 32-bit layout under gdb's 16-bit architecture, so that real-mode code disassembles as it runs.</summary>
    public static TargetDescription I8086 { get; } = new("i8086", Build(wide: false));

    /// <summary>The 64-bit layout: long mode.</summary>
    public static TargetDescription X86_64 { get; } = new("i386:x86-64", Build(wide: true));

    /// <summary>gdb's architecture name.</summary>
    public string Architecture { get; }

    /// <summary>The registers in <c>g</c> order; a register's number is its index here.</summary>
    public IReadOnlyList<GdbRegister> Registers { get; }

    /// <summary>The description document.</summary>
    public string Xml { get; }

    /// <summary>Bytes of a whole <c>g</c> reply.</summary>
    public int Size => Registers.Sum(r => r.Bytes);

    private static List<GdbRegister> Build(bool wide)
    {
        var bits = wide ? 64 : 32;
        var integer = wide ? "int64" : "int32";
        var list = new List<GdbRegister>();
        if (wide)
            list.AddRange(Gpr64.Select(g => new GdbRegister(g.Name, 64, g.Name is "rsp" or "rbp" ? "data_ptr" : "int64", Core, RegisterSlot.Gpr, g.Number)));
        else
            list.AddRange(Gpr32.Select((name, i) => new GdbRegister(name, 32, name is "esp" or "ebp" ? "data_ptr" : "int32", Core, RegisterSlot.Gpr, i)));
        list.Add(new GdbRegister(wide ? "rip" : "eip", bits, "code_ptr", Core, RegisterSlot.Rip));
        list.Add(new GdbRegister("eflags", 32, "i386_eflags", Core, RegisterSlot.Eflags));
        list.AddRange(SegmentOrder.Select(s => new GdbRegister(s.Name, 32, "int32", Core, RegisterSlot.Selector, s.Index)));
        for (var i = 0; i < 8; i++)
            list.Add(new GdbRegister($"st{i}", 80, "i387_ext", Core, RegisterSlot.St, i));
        list.Add(new GdbRegister("fctrl", 32, "int", Core, RegisterSlot.Fctrl));
        list.Add(new GdbRegister("fstat", 32, "int", Core, RegisterSlot.Fstat));
        list.Add(new GdbRegister("ftag", 32, "int", Core, RegisterSlot.Ftag));
        list.Add(new GdbRegister("fiseg", 32, "int", Core, RegisterSlot.Fiseg));
        list.Add(new GdbRegister("fioff", 32, "int", Core, RegisterSlot.Fioff));
        list.Add(new GdbRegister("foseg", 32, "int", Core, RegisterSlot.Foseg));
        list.Add(new GdbRegister("fooff", 32, "int", Core, RegisterSlot.Fooff));
        list.Add(new GdbRegister("fop", 32, "int", Core, RegisterSlot.Fop));
        for (var i = 0; i < (wide ? 16 : 8); i++)
            list.Add(new GdbRegister($"xmm{i}", 128, "vec128", Sse, RegisterSlot.Xmm, i));
        list.Add(new GdbRegister("mxcsr", 32, "int", Sse, RegisterSlot.Mxcsr));
        // gdb 13's i386 (not amd64) numbering has no room for the segments feature, so there the bases go with the system registers.
        var segments = wide ? Segments : Sys;
        list.Add(new GdbRegister("fs_base", bits, integer, segments, RegisterSlot.SegmentBase, 4));
        list.Add(new GdbRegister("gs_base", bits, integer, segments, RegisterSlot.SegmentBase, 5));
        if (wide)
            list.Add(new GdbRegister("k_gs_base", 64, "int64", Sys, RegisterSlot.KernelGsBase));
        list.Add(new GdbRegister("cr0", bits, integer, Sys, RegisterSlot.Cr0));
        list.Add(new GdbRegister("cr2", bits, integer, Sys, RegisterSlot.Cr2));
        list.Add(new GdbRegister("cr3", bits, integer, Sys, RegisterSlot.Cr3));
        list.Add(new GdbRegister("cr4", bits, integer, Sys, RegisterSlot.Cr4));
        if (wide)
            list.Add(new GdbRegister("cr8", 64, "int64", Sys, RegisterSlot.Cr8));
        list.Add(new GdbRegister("efer", bits, integer, Sys, RegisterSlot.Efer));
        return list;
    }

    private string BuildXml()
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        xml.Append($"<architecture>{Architecture}</architecture>\n");
        foreach (var feature in Registers.Select(r => r.Feature).Distinct())
        {
            xml.Append($"<feature name=\"{feature}\">\n");
            if (feature == Core)
                AppendEflagsType(xml);
            if (feature == Sse)
                AppendVectorTypes(xml);
            foreach (var register in Registers.Where(r => r.Feature == feature))
                xml.Append($"<reg name=\"{register.Name}\" bitsize=\"{register.Bits}\" type=\"{register.Type}\"/>\n");
            xml.Append("</feature>\n");
        }
        xml.Append("</target>\n");
        return xml.ToString();
    }

    // EFLAGS bits by the SDM (vol. 1, 3.4.3), so gdb shows [ ZF IF ... ].
    private static void AppendEflagsType(StringBuilder xml)
    {
        xml.Append("<flags id=\"i386_eflags\" size=\"4\">\n");
        foreach (var (name, bit) in new[] { ("CF", 0), ("PF", 2), ("AF", 4), ("ZF", 6), ("SF", 7), ("TF", 8), ("IF", 9), ("DF", 10), ("OF", 11), ("NT", 14), ("RF", 16), ("VM", 17), ("AC", 18), ("VIF", 19), ("VIP", 20), ("ID", 21) })
            xml.Append($"<field name=\"{name}\" start=\"{bit}\" end=\"{bit}\"/>\n");
        xml.Append("</flags>\n");
    }

    private static void AppendVectorTypes(StringBuilder xml)
    {
        foreach (var (id, type, count) in new[] { ("v4f", "ieee_single", 4), ("v2d", "ieee_double", 2), ("v16i8", "int8", 16), ("v8i16", "int16", 8), ("v4i32", "int32", 4), ("v2i64", "int64", 2) })
            xml.Append($"<vector id=\"{id}\" type=\"{type}\" count=\"{count}\"/>\n");
        xml.Append("<union id=\"vec128\">\n");
        foreach (var (name, type) in new[] { ("v4_float", "v4f"), ("v2_double", "v2d"), ("v16_int8", "v16i8"), ("v8_int16", "v8i16"), ("v4_int32", "v4i32"), ("v2_int64", "v2i64"), ("uint128", "uint128") })
            xml.Append($"<field name=\"{name}\" type=\"{type}\"/>\n");
        xml.Append("</union>\n");
    }
}
