using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// <c>Read</c> and <c>Write</c>: the width is checked first, then one <c>switch</c> on the offset; banked registers
/// nest their condition inside the arm, and access kinds are applied with masks folded at generation time.
/// </summary>
internal static partial class DeviceEmitter
{
    private const string Swap = "global::System.Buffers.Binary.BinaryPrimitives.ReverseEndianness";

    private static void WriteRead(CodeWriter w, BoundDevice device)
    {
        w.Line("/// <inheritdoc />");
        using (w.Block("public ulong Read(ulong offset, int width)"))
        {
            WriteWidthCheck(w, device, $"return {WrongWidthRead(device)};");
            if (device.Split) w.Line("return ReadPart(offset, width);");
            else WriteReadSwitch(w, device);
        }
        w.Line();
        if (!device.Split) return;
        WriteSplitMethods(w, "private ulong ReadPart(ulong offset, int width)", () => WriteReadSwitch(w, device),
            "// The two halves of an access no register answers whole, each served the same way, joined in the window's byte order.",
            "private ulong ReadHalves(ulong offset, int width)",
            "var half = width >> 1;",
            "var low = ReadPart(offset, half);",
            "var high = ReadPart(offset + (ulong)half, half);",
            device.Endian == Endianness.Big ? "return (low << (half << 3)) | high;" : "return low | (high << (half << 3));");
    }

    // Under split the public method checks the width and hands over to a part method holding the switch, which the halves call back.
    private static void WriteSplitMethods(CodeWriter w, string part, Action writeSwitch, string halvesComment, string halves, params string[] halvesBody)
    {
        w.Line("// split: the switch below serves a legal access or a half of one; a miss wider than a byte is served as two halves.");
        using (w.Block(part)) writeSwitch();
        w.Line();
        w.Line(halvesComment);
        using (w.Block(halves))
        {
            foreach (var line in halvesBody) w.Line(line);
        }
        w.Line();
    }

    private static void WriteReadSwitch(CodeWriter w, BoundDevice device)
    {
        using (w.Block("switch (offset)"))
        {
            foreach (var group in Groups(device))
            {
                var readers = group.Where(r => r.Access != AccessKind.WriteOnly).ToList();
                // Command registers chosen by the written value all read as zero, and a read has no written value to choose by.
                if (readers.Count == 0 && group[0].Condition is { OnWrittenValue: true }) readers.Add(group[0] with { Condition = null });
                WriteCase(w, device, readers.Count > 0 ? readers : group, r => WriteReadBody(w, device, r), ReadMiss(device, UnmappedRead(device)),
                    ReadMiss(device, WrongWidthRead(device)));
            }
            w.Line("default:");
            using (w.Indent())
            {
                w.Line(device.Split ? "// No register at this offset: the unmapped policy, or two halves when wider than a byte." : "// No register at this offset: the unmapped policy.");
                w.Line(ReadMiss(device, UnmappedRead(device)));
            }
        }
    }

    // Under split an access the switch cannot serve whole is served in halves; otherwise it reads the policy value.
    private static string ReadMiss(BoundDevice device, string policy) =>
        device.Split ? $"return width > 1 ? ReadHalves(offset, width) : {policy};" : $"return {policy};";

    private static string WriteMiss(BoundDevice device) => device.Split ? "{ WriteHalves(offset, width, value); return; }" : "return;";

    private static void WriteWrite(CodeWriter w, BoundDevice device)
    {
        w.Line("/// <inheritdoc />");
        using (w.Block("public void Write(ulong offset, int width, ulong value)"))
        {
            WriteWidthCheck(w, device, "return;");
            if (device.Split) w.Line("WritePart(offset, width, value);");
            else WriteWriteSwitch(w, device);
        }
        w.Line();
        if (device.Split)
        {
            var big = device.Endian == Endianness.Big;
            WriteSplitMethods(w, "private void WritePart(ulong offset, int width, ulong value)", () => WriteWriteSwitch(w, device),
                "// The two halves of a write no register takes whole, in the window's byte order; a byte no register takes is ignored.",
                "private void WriteHalves(ulong offset, int width, ulong value)",
                "if (width == 1) return;",
                "var half = width >> 1;",
                "var bits = half << 3;",
                big ? "WritePart(offset, half, value >> bits);" : "WritePart(offset, half, value & ((1UL << bits) - 1));",
                big ? "WritePart(offset + (ulong)half, half, value & ((1UL << bits) - 1));" : "WritePart(offset + (ulong)half, half, value >> bits);");
        }
        if (NeedsAllOnes(device))
        {
            w.Line("// What an undriven bus reads: all ones in the accessed bytes (width comes from the guest, so any value is safe here).");
            w.Line(Inline);
            w.Line("private static ulong AllOnes(int width) => width >= 8 ? ulong.MaxValue : (1UL << (width << 3)) - 1;");
            w.Line();
        }
    }

    private static void WriteWriteSwitch(CodeWriter w, BoundDevice device)
    {
        using (w.Block("switch (offset)"))
        {
            foreach (var group in Groups(device))
            {
                var writers = group.Where(r => r.Access is not (AccessKind.ReadOnly or AccessKind.ReadToClear)).ToList();
                WriteCase(w, device, writers.Count > 0 ? writers : group, r => WriteWriteBody(w, device, r), WriteMiss(device), WriteMiss(device));
            }
            w.Line("default:");
            using (w.Indent())
            {
                w.Line(device.Split ? "// No register at this offset: the write is ignored, or served as two halves when wider than a byte." : "// No register at this offset: the write is ignored.");
                w.Line(WriteMiss(device));
            }
        }
    }

    // Registers that share an offset (banked or a read-only/write-only pair) share one arm; arrays get an arm each.
    private static IEnumerable<List<BoundRegister>> Groups(BoundDevice device) =>
        device.Registers
            .Where(r => !r.State)
            .GroupBy(r => r.IsArray ? $"{r.Name}[]" : r.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => g.ToList())
            .OrderBy(g => g[0].Offset);

    private static bool SingleWidth(BoundDevice device) => device.AccessWidths.Count == 1;

    // The switch sees one width only when the device has one and never splits: halves of a split access are narrower.
    private static bool SwitchSeesOneWidth(BoundDevice device) => SingleWidth(device) && !device.Split;

    private static void WriteWidthCheck(CodeWriter w, BoundDevice device, string reject)
    {
        var widths = device.AccessWidths;
        w.Line(device.Split
            ? $"// access {string.Join(", ", widths)}: any other width takes the wrong-width policy, checked first so the switch sees only legal accesses and their halves."
            : $"// access {string.Join(", ", widths)}: any other width takes the wrong-width policy, checked first so the switch sees only legal accesses.");
        w.Line(SingleWidth(device)
            ? $"if (width != {widths[0]}) {reject}"
            : $"if (width is not ({string.Join(" or ", widths)})) {reject}");
    }

    private static bool NeedsAllOnes(BoundDevice device) =>
        device.WrongWidthRead == ReadPolicy.AllOnes || (device.UnmappedRead == ReadPolicy.AllOnes && !SwitchSeesOneWidth(device))
        || device.Registers.Any(r => r.IsLaned);

    private static string WrongWidthRead(BoundDevice device) => device.WrongWidthRead == ReadPolicy.Zero ? "0" : "AllOnes(width)";

    // With one legal width the unmapped value is a constant; otherwise it depends on the access width.
    private static string UnmappedRead(BoundDevice device) =>
        device.UnmappedRead == ReadPolicy.Zero ? "0"
        : SwitchSeesOneWidth(device) ? CSharp.Hex(CSharp.Ones(device.AccessWidths[0]), device.AccessWidths[0]) : "AllOnes(width)";

    private static void WriteCase(
        CodeWriter w, BoundDevice device, List<BoundRegister> registers, Action<BoundRegister> body, string hidden, string wrongWidth)
    {
        foreach (var register in registers) w.Line(CSharp.SpecLine(register.Span));
        var first = registers[0];
        var widths = registers.Select(r => r.Width).Distinct().OrderBy(width => width).ToList();
        if (registers.Any(r => r.IsLaned))
        {
            WriteLanedCase(w, device, registers, body, hidden, wrongWidth);
            return;
        }
        // Braces give each arm its own scope for its locals.
        using (w.Block(CaseLabel(first)))
        {
            if (widths.Count > 1)
            {
                // Registers at one offset with different widths: the access width picks the register.
                foreach (var width in widths)
                {
                    using (w.Block($"if (width == {width})")) WriteBanked(w, device, registers.Where(r => r.Width == width).ToList(), body, hidden);
                }
                w.Line(wrongWidth);
                return;
            }
            if (!SwitchSeesOneWidth(device)) w.Line($"if (width != {first.Width}) {wrongWidth}");
            if (first.IsArray)
            {
                var distance = $"offset - {CSharp.Hex(first.Offset)}";
                w.Line(first.Stride == 1 ? $"var index = (int)({distance});" : $"var index = (int)(({distance}) / {CSharp.Int((long)first.Stride)});");
            }
            WriteBanked(w, device, registers, body, hidden);
        }
    }

    private static string CaseLabel(BoundRegister register)
    {
        if (!register.IsArray) return $"case {CSharp.Hex(register.Offset)}:";
        var range = $"case >= {CSharp.Hex(register.Offset)} and <= {CSharp.Hex(register.OffsetOf(register.Count - 1))}";
        return register.Stride == 1 ? range + ":" : $"{range} when (offset - {CSharp.Hex(register.Offset)}) % {CSharp.Int((long)register.Stride)} == 0:";
    }

    // An arm for every byte of the register: `lane` is the accessed byte's distance from the register's start.
    private static void WriteLanedCase(
        CodeWriter w, BoundDevice device, List<BoundRegister> registers, Action<BoundRegister> body, string hidden, string wrongWidth)
    {
        var first = registers[0];
        var width = registers.Max(r => r.Width);
        var start = CSharp.Hex(first.Offset);
        var label = $"case >= {start} and <= {CSharp.Hex(first.OffsetOf(first.Count - 1) + (ulong)width - 1)}";
        if (first.IsArray && first.Stride > (ulong)width) label += $" when (offset - {start}) % {CSharp.Int((long)first.Stride)} < {width}";
        using (w.Block(label + ":"))
        {
            if (first.IsArray)
            {
                var stride = CSharp.Int((long)first.Stride);
                w.Line($"var index = (int)((offset - {start}) / {stride});");
                w.Line($"var lane = (int)((offset - {start}) % {stride});");
            }
            else
            {
                w.Line(first.Offset == 0 ? "var lane = (int)offset;" : $"var lane = (int)(offset - {start});");
            }
            WriteBanked(w, device, registers, r =>
            {
                w.Line(!r.IsLaned ? $"if (width != {r.Width} || lane != 0) {wrongWidth}"
                    : r.AccessWidths == device.AccessWidths && !device.Split ? $"if ((lane & (width - 1)) != 0) {wrongWidth}"
                    : $"if (width {(r.AccessWidths.Count == 1 ? "!= " + r.AccessWidths[0] : $"is not ({string.Join(" or ", r.AccessWidths)})")} || (lane & (width - 1)) != 0) {wrongWidth}");
                body(r);
            }, hidden);
        }
    }

    // Banked registers test their selecting field; when the banks cover every value of the field the last test is an else.
    // Registers chosen by the written value are tested in source order: the first whose field holds its value takes the write.
    private static void WriteBanked(CodeWriter w, BoundDevice device, List<BoundRegister> registers, Action<BoundRegister> body, string hidden)
    {
        var always = registers.FirstOrDefault(r => r.Condition is null);
        var banked = registers.Where(r => r.Condition is not null).ToList();
        if (banked.Count == 0)
        {
            body(always!);
            return;
        }
        var first = banked[0].Condition!;
        var covers = always is null && !first.OnWrittenValue
            && banked.All(r => r.Condition!.Register == first.Register && r.Condition.Field == first.Field)
            && banked.Select(r => r.Condition!.Value).Distinct().Count() == (1 << Selector(device, banked[0]).Field.BitCount);
        for (var i = 0; i < banked.Count; i++)
        {
            var condition = banked[i].Condition!;
            var header = i == 0 ? $"if ({Test(device, banked[i])})"
                : i == banked.Count - 1 && covers ? "else"
                : $"else if ({Test(device, banked[i])})";
            var value = condition.ValueName is { } name ? $"{name} ({CSharp.Int((long)condition.Value)})" : CSharp.Int((long)condition.Value);
            w.Line($"// {banked[i].Name} while {condition.Register}.{condition.Field} == {value}");
            using (w.Block(header)) body(banked[i]);
        }
        if (covers) return;
        if (always is null)
        {
            w.Line(hidden);
            return;
        }
        // A block of its own, so its locals do not meet those of the arms above (CS0136).
        w.Line($"// {always.Name}: what none of the above takes");
        using (w.Indent("{", "}")) body(always);
    }

    // Registers by name, built once per device: a search per banked register would be quadratic in the register count.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BoundDevice, Dictionary<string, BoundRegister>> ByName = new();

    // The register and field a banked register's condition tests: its own field for a condition on the written value.
    private static (BoundRegister Register, BoundField Field) Selector(BoundDevice device, BoundRegister banked)
    {
        var condition = banked.Condition!;
        var register = condition.OnWrittenValue ? banked
            : ByName.GetValue(device, d => d.Registers.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First()))[condition.Register];
        return (register, register.Fields.First(f => f.Name == condition.Field));
    }

    private static string Test(BoundDevice device, BoundRegister banked)
    {
        var condition = banked.Condition!;
        var (register, field) = Selector(device, banked);
        var mask = CSharp.Hex(field.Mask, register.Width);
        var value = CSharp.Hex(condition.Value << field.Low, register.Width);
        if (!condition.OnWrittenValue) return $"({Storage(register)} & {mask}) == {value}";
        var written = device.Endian == Endianness.Big && register.Width > 1 ? $"{Swap}(({CSharp.Type(register.Width)})value)" : "value";
        return $"({written} & {mask}) == {value}";
    }

    private static string Element(BoundRegister register) => register.IsArray ? $"{Storage(register)}[index]" : Storage(register);

    private static void WriteReadBody(CodeWriter w, BoundDevice device, BoundRegister register)
    {
        var bits = new RegisterBits(register);
        var type = CSharp.Type(register.Width);
        var element = Element(register);
        var swap = device.Endian == Endianness.Big && register.Width > 1;
        var laned = register.IsLaned;
        var index = register.IsArray ? "index" : "";
        var source = register.Computed ? $"{Compute(register)}({index})" : element;
        if (register.BeforeReadHook is { } before) w.Line($"{CSharpText.Identifier(before)}({index});");
        if (bits.Readable == 0 && bits.ReservedValue == 0 && register.ReadHook is null)
        {
            w.Line(bits.Reserved == 0 ? "// Write-only: reads return zero." : "// Write-only or reserved: reads return zero.");
            w.Line("return 0;");
            return;
        }
        if (register.ReadHook is null && bits.ReadToClear == 0 && bits.Readable == bits.All && !swap)
        {
            w.Line(laned ? $"return ((ulong){source} >> (lane << 3)) & AllOnes(width);" : $"return {source};");
            return;
        }
        if (bits.Reserved != 0)
        {
            w.Line(bits.ReservedValue == 0 ? "// Reserved and write-only bits read as zero." : "// Reserved bits read as their fixed value; write-only bits as zero.");
            var fixedBits = CSharp.Hex(bits.ReservedValue, register.Width);
            var stored = $"({source} & {CSharp.Hex(bits.Readable, register.Width)})";
            w.Line($"{type} value = {(bits.Readable == 0 ? fixedBits : bits.ReservedValue == 0 ? $"({type}){stored}" : $"({type})({stored} | {fixedBits})")};");
        }
        else if ((bits.WriteOnly | bits.SelfClearing) != 0)
        {
            w.Line(bits.SelfClearing != 0 ? "// Self-clearing and write-only bits read as zero." : "// Write-only bits read as zero.");
            w.Line($"{type} value = ({type})({source} & {CSharp.Hex(bits.Readable, register.Width)});");
        }
        else
        {
            w.Line($"{type} value = {source};");
        }
        if (bits.ReadToClear != 0 && !register.Computed)
        {
            w.Line("// Read-to-clear bits clear once the guest has seen them.");
            var clear = CSharp.Hex(bits.ReadToClear, register.Width);
            w.Line(laned
                ? $"{element} = ({type})({element} & ~({clear} & {Lanes(register, swap)}));"
                : $"{element} = ({type})({element} & {CSharp.Hex(bits.All & ~bits.ReadToClear, register.Width)});");
        }
        if (register.ReadHook is { } hook) w.Line($"{CSharpText.Identifier(hook)}({(register.IsArray ? "index, " : "")}ref value);");
        var result = swap ? $"{Swap}(value)" : "value";
        w.Line(laned ? $"return ((ulong){result} >> (lane << 3)) & AllOnes(width);" : $"return {result};");
    }

    // The accessed bytes as a mask in register order; the guest's byte order is the window's, so big-endian lanes are swapped.
    private static string Lanes(BoundRegister register, bool swap)
    {
        var lanes = $"({CSharp.Type(register.Width)})(AllOnes(width) << (lane << 3))";
        return swap ? $"{Swap}({lanes})" : lanes;
    }

    private static void WriteWriteBody(CodeWriter w, BoundDevice device, BoundRegister register)
    {
        var bits = new RegisterBits(register);
        var type = CSharp.Type(register.Width);
        var element = Element(register);
        var swap = device.Endian == Endianness.Big && register.Width > 1;
        if (register.Computed)
        {
            WriteComputedWriteBody(w, register, bits, swap);
            return;
        }
        if (register.IsLaned)
        {
            WriteLanedWriteBody(w, register, bits, element, swap);
            return;
        }
        var cast = register.Width == 8 ? "value" : $"({type})value";
        var whole = bits.Store == bits.All;
        if (!bits.Writable)
        {
            w.Line("// Read-only: the write changes nothing.");
        }
        else if (whole && register.WriteHook is null && !swap)
        {
            w.Line($"{element} = {cast};");
            w.Line("return;");
            return;
        }
        var data = swap ? $"{Swap}({cast})" : cast;
        if (register.WriteHook is not null || (bits.Writable && !whole) || swap)
        {
            w.Line($"{type} data = {data};");
            data = "data";
        }
        if (bits.Writable) WriteStore(w, register, bits, element, data, whole, null);
        if (register.WriteHook is { } hook) w.Line($"{CSharpText.Identifier(hook)}({(register.IsArray ? "index, " : "")}{data});");
        w.Line("return;");
    }

    // A write of some lanes: `data` holds the written bytes in place, the other lanes keep their value, and the hook sees the whole register as written.
    private static void WriteLanedWriteBody(CodeWriter w, BoundRegister register, RegisterBits bits, string element, bool swap)
    {
        var type = CSharp.Type(register.Width);
        if (!bits.Writable && register.WriteHook is null)
        {
            w.Line("// Read-only: the write changes nothing.");
            w.Line("return;");
            return;
        }
        var shifted = $"({type})(value << (lane << 3))";
        w.Line($"{type} lanes = {Lanes(register, swap)};");
        w.Line($"{type} data = ({type})({(swap ? $"{Swap}({shifted})" : shifted)} & lanes);");
        var whole = bits.Store == bits.All;
        if (register.WriteHook is not null || (bits.Writable && whole)) w.Line($"{type} written = ({type})(({element} & ~lanes) | data);");
        if (!bits.Writable) w.Line("// Read-only: the write changes nothing.");
        else if (whole) w.Line($"{element} = written;");
        else WriteStore(w, register, bits, element, "data", whole: false, lanes: "lanes");
        if (register.WriteHook is { } hook) w.Line($"{CSharpText.Identifier(hook)}({(register.IsArray ? "index, " : "")}written);");
        w.Line("return;");
    }

    // A computed register has no storage: Apply gets the written bits that a write may change, the rest cleared.
    private static void WriteComputedWriteBody(CodeWriter w, BoundRegister register, RegisterBits bits, bool swap)
    {
        var type = CSharp.Type(register.Width);
        var index = register.IsArray ? "index, " : "";
        if (!AcceptsWrites(register))
        {
            w.Line("// Read-only: the write changes nothing.");
            w.Line("return;");
            return;
        }
        var writable = CSharp.Hex(bits.Store | bits.Set | bits.Clear | bits.SelfClearing, register.Width);
        if (register.IsLaned)
        {
            var shifted = $"({type})(value << (lane << 3))";
            w.Line($"{type} lanes = {Lanes(register, swap)};");
            w.Line($"{type} data = ({type})(((({type}){Compute(register)}({index.TrimEnd(',', ' ')}) & ~lanes) | ({(swap ? $"{Swap}({shifted})" : shifted)} & lanes)) & {writable});");
        }
        else
        {
            var cast = register.Width == 8 ? "value" : $"({type})value";
            w.Line($"{type} data = ({type})({(swap ? $"{Swap}({cast})" : cast)} & {writable});");
        }
        w.Line($"{Apply(register)}({index}data);");
        if (register.WriteHook is { } hook) w.Line($"{CSharpText.Identifier(hook)}({index}data);");
        w.Line("return;");
    }

    // new = ((old & keep) | (data & (store | set))) & ~(data & clear), with the empty parts left out.
    private static void WriteStore(CodeWriter w, BoundRegister register, RegisterBits bits, string element, string data, bool whole, string? lanes)
    {
        var type = CSharp.Type(register.Width);
        if (whole)
        {
            w.Line($"{element} = {data};");
            return;
        }
        var parts = new List<string>();
        if (bits.Keep != 0) parts.Add($"({element} & {CSharp.Hex(bits.Keep, register.Width)})");
        if ((bits.Store | bits.Set) == bits.All) parts.Add(data);
        else if ((bits.Store | bits.Set) != 0) parts.Add($"({data} & {CSharp.Hex(bits.Store | bits.Set, register.Width)})");
        var merged = string.Join(" | ", parts);
        var comment = new List<string>();
        if ((bits.Keep & ~(bits.Set | bits.Clear | bits.Reserved)) != 0) comment.Add("read-only bits keep their value");
        if (bits.Reserved != 0) comment.Add("reserved bits ignore the write");
        if (bits.Set != 0) comment.Add("written ones set w1s bits");
        if (bits.Clear != 0)
        {
            comment.Add("written ones clear w1c bits");
            merged = $"({merged}) & ~({data} & {CSharp.Hex(bits.Clear, register.Width)})";
        }
        if (lanes is not null)
        {
            comment.Add("bytes outside the access keep their value");
            merged = $"({element} & ~{lanes}) | (({merged}) & {lanes})";
        }
        w.Line($"// {string.Join("; ", comment)}.");
        w.Line($"{element} = ({type})({merged});");
    }
}
