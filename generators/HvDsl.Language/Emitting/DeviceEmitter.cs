using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits a device as a sealed partial class implementing <c>IIoDevice</c> and <c>IDeviceState</c>: register storage,
/// typed register and field properties, <c>Reset</c>, <c>Read</c>/<c>Write</c> (see <c>DeviceEmitter.Dispatch.cs</c>),
/// optional partial-method hooks and snapshot save/restore.
/// </summary>
internal static partial class DeviceEmitter
{
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    public static GeneratedSource Emit(EmitOptions options, BoundDevice device) =>
        CSharp.File($"{device.Name}.Device.g.cs", options, w =>
        {
            w.Summary(CSharp.Doc(device.Doc, $"The {device.Name} device."));
            w.Line(CSharp.SpecLine(device.Span));
            w.Line(CSharp.GeneratedCode(options));
            var type = Type(device);
            using (w.Block($"public sealed partial class {type} : global::HvDsl.Runtime.Devices.IIoDevice, global::HvDsl.Runtime.Devices.IDeviceState"))
            {
                var enums = EnumNames(device);
                WriteEnums(w, device, enums);
                WriteStorage(w, device);
                w.Summary("Creates the device with every register at its reset value.");
                w.Line($"public {type}() => Reset();").Line();
                w.Line("/// <inheritdoc />");
                w.Line($"public ulong Size => {CSharp.Hex(device.Size)};").Line();
                foreach (var irq in device.Irqs)
                {
                    w.Summary($"The {irq} output line; the machine connects it, hooks raise and lower it.");
                    w.Line($"public global::HvDsl.Runtime.Devices.IInterruptLine? {CSharpText.Identifier(irq)} {{ get; set; }}").Line();
                }
                WriteProperties(w, device, enums);
                WriteReset(w, device);
                WriteRead(w, device);
                WriteWrite(w, device);
                WriteSaveRestore(w, device);
                WriteHooks(w, device);
                WriteRegisterMap(w, device);
            }
        });

    private static string Type(BoundDevice device) => CSharpText.Identifier(TypeNames.Device(device.Name));

    private static string Storage(BoundRegister register) => CSharpText.Identifier("_" + CSharp.Camel(register.Name));

    private static string Name(BoundRegister register) => CSharpText.Identifier(register.Name);

    // Enum types are named after their field unless another field, a register or the device type already uses that name.
    private static Dictionary<BoundField, string> EnumNames(BoundDevice device)
    {
        var used = device.Registers.SelectMany(r => r.Fields.Where(f => f.Values.Count > 0 && f.Access != AccessKind.Reserved).Select(f => (r, f))).ToList();
        var names = new Dictionary<BoundField, string>();
        foreach (var (_, field) in used.Where(x => x.f.EnumType is not null)) names[field] = CSharpText.Identifier(field.EnumType!);
        var fields = used.Where(x => x.f.EnumType is null).ToList();
        var taken = new HashSet<string>(device.Registers.Select(r => r.Name).Concat(device.Enums.Select(e => e.Name)).Append(device.Name));
        var uses = fields.GroupBy(x => x.f.Name).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (register, field) in fields)
        {
            var clash = taken.Contains(field.Name) || uses[field.Name] > 1;
            names[field] = CSharpText.Identifier(clash ? register.Name + field.Name : field.Name);
        }
        return names;
    }

    private static void WriteEnums(CodeWriter w, BoundDevice device, Dictionary<BoundField, string> enums)
    {
        foreach (var shared in device.Enums)
        {
            w.Summary(CSharp.Doc(shared.Doc, $"The {shared.Name} values, shared by the fields declared <c>as {shared.Name}</c>."));
            var width = shared.Values.Count == 0 ? 1 : new[] { 1, 2, 4, 8 }.First(n => shared.Values.All(v => n == 8 || v.Value <= CSharp.Ones(n)));
            using (w.Block($"public enum {CSharpText.Identifier(shared.Name)} : {CSharp.Type(width)}"))
            {
                foreach (var value in shared.Values)
                {
                    w.Summary($"{value.Name} ({CSharp.Int((long)value.Value)}).");
                    w.Line($"{CSharpText.Identifier(value.Name)} = {CSharp.Hex(value.Value, width)},");
                }
            }
            w.Line();
        }
        foreach (var register in device.Registers)
        {
            foreach (var field in register.Fields.Where(f => enums.ContainsKey(f) && f.EnumType is null))
            {
                w.Summary(CSharp.Doc(field.Doc, $"Values of <see cref=\"{(register.IsArray ? "Get" : "")}{Property(register, field)}\"/>."));
                using (w.Block($"public enum {enums[field]} : {CSharp.Type(register.Width)}"))
                {
                    foreach (var value in field.Values)
                    {
                        w.Summary($"{value.Name} ({CSharp.Int((long)value.Value)}).");
                        w.Line($"{CSharpText.Identifier(value.Name)} = {CSharp.Hex(value.Value, register.Width)},");
                    }
                }
                w.Line();
            }
        }
    }

    private static void WriteStorage(CodeWriter w, BoundDevice device)
    {
        w.Line("// Register storage, one field per register and one array per register array.");
        foreach (var register in device.Registers.Where(r => !r.Computed))
        {
            var type = CSharp.Type(register.Width);
            w.Line(register.IsArray
                ? $"private readonly {type}[] {Storage(register)} = new {type}[{CSharp.Int(register.Count)}];"
                : $"private {type} {Storage(register)};");
        }
        w.Line();
    }

    private static string ElementSetter(BoundRegister register) => CSharpText.Identifier("Set" + register.Name);

    private static string Property(BoundRegister register, BoundField field) => CSharpText.Identifier($"{register.Name}_{field.Name}");

    private static void WriteProperties(CodeWriter w, BoundDevice device, Dictionary<BoundField, string> enums)
    {
        foreach (var register in device.Registers)
        {
            var type = CSharp.Type(register.Width);
            var storage = Storage(register);
            w.Summary(CSharp.Doc(register.Doc, $"The {register.Name} register."));
            w.Line(CSharp.SpecLine(register.Span));
            var writable = new RegisterBits(register).Writable;
            w.Line(register.IsArray
                ? register.Computed ? $"public {type} {Name(register)}(int index) => {Compute(register)}(index);"
                : $"public global::System.{(writable ? "" : "ReadOnly")}Span<{type}> {Name(register)} => {storage};"
                : register.Computed ? $"public {type} {Name(register)} => {Compute(register)}();"
                : $"public {type} {Name(register)} {{ get => {storage}; {Setter(writable)}set => {storage} = value; }}").Line();
            if (register.IsArray && !register.Computed && !writable)
            {
                // As a scalar's internal setter: the device's assembly updates elements the guest cannot write.
                w.Summary($"Sets element <paramref name=\"index\"/> of <see cref=\"{Name(register)}\"/>, which the guest cannot write.");
                w.Line($"internal void {ElementSetter(register)}(int index, {type} value) => {storage}[index] = value;").Line();
            }
            // Reserved and self-clearing fields have no state of their own to reach: they read a fixed value whatever is stored.
            foreach (var field in register.Fields.Where(f => f.Access is not (AccessKind.Reserved or AccessKind.SelfClearing)))
            {
                var bits = field.Low == field.High ? $"Bit {field.Low}" : $"Bits {field.Low}..{field.High}";
                var of = register.IsArray ? $"element <paramref name=\"index\"/> of <see cref=\"{Name(register)}\"/>" : $"<see cref=\"{Name(register)}\"/>";
                w.Summary(CSharp.Doc(field.Doc, $"{bits} of {of}."));
                w.Line(CSharp.SpecLine(field.Span));
                WriteFieldProperty(w, register, field, enums.TryGetValue(field, out var enumName) ? enumName : null);
                w.Line();
            }
        }
    }

    // A setter is public only where the guest may write too; the device's own assembly may update any bit (the setter is
    // then internal), as hardware state changes what software cannot write.
    private static string Setter(bool guestWritable) => guestWritable ? "" : "internal ";

    private static bool GuestWritable(BoundField field) =>
        field.Access is AccessKind.WriteOnly or AccessKind.ReadWrite or AccessKind.WriteOneToClear or AccessKind.WriteOneToSet;

    // Field accessors work on the storage directly, so device code may update any bit whatever the guest's access kind;
    // an array's fields are Get/Set methods taking the element index.
    private static void WriteFieldProperty(CodeWriter w, BoundRegister register, BoundField field, string? enumName)
    {
        var type = CSharp.Type(register.Width);
        var storage = register.Computed ? $"{Compute(register)}({(register.IsArray ? "index" : "")})" : Element(register);
        var mask = CSharp.Hex(field.Mask, register.Width);
        var keep = CSharp.Hex(CSharp.Ones(register.Width) & ~field.Mask, register.Width);
        var name = Property(register, field);
        string fieldType, get, set;
        if (field.BitCount == 1 && enumName is null)
        {
            fieldType = "bool";
            get = $"({storage} & {mask}) != 0";
            set = $"{storage} = value ? ({type})({storage} | {mask}) : ({type})({storage} & {keep})";
        }
        else
        {
            fieldType = enumName ?? type;
            var bits = field.Low == 0 ? $"{storage} & {mask}" : $"({storage} >> {field.Low}) & {CSharp.Hex(field.Mask >> field.Low, register.Width)}";
            var value = field.Low == 0 ? $"({type})value & {mask}" : $"(({type})value << {field.Low}) & {mask}";
            get = $"({fieldType})({bits})";
            set = $"{storage} = ({type})(({storage} & {keep}) | ({value}))";
        }
        if (register.IsArray)
        {
            w.Line($"public {fieldType} {CSharpText.Identifier("Get" + name)}(int index) => {get};");
            if (register.Computed) return;
            w.Summary($"Sets bits {field.Low}..{field.High} of element <paramref name=\"index\"/> of <see cref=\"{Name(register)}\"/>.");
            w.Line($"{(GuestWritable(field) ? "public" : "internal")} void {CSharpText.Identifier("Set" + name)}(int index, {fieldType} value) => {set};");
            return;
        }
        if (register.Computed)
        {
            w.Line($"public {fieldType} {name} => {get};");
            return;
        }
        w.Line($"public {fieldType} {name}");
        using (w.Indent("{", "}"))
        {
            w.Line($"get => {get};");
            w.Line($"{Setter(GuestWritable(field))}set => {set};");
        }
    }

    private static void WriteReset(CodeWriter w, BoundDevice device)
    {
        w.Line("/// <inheritdoc />");
        using (w.Block("public void Reset()"))
        {
            foreach (var register in device.Registers.Where(r => !r.Computed))
            {
                var reset = CSharp.Hex(register.Reset, register.Width);
                if (!register.IsArray) w.Line($"{Storage(register)} = {reset};");
                else if (register.Reset == 0) w.Line($"global::System.Array.Clear({Storage(register)}, 0, {CSharp.Int(register.Count)});");
                else w.Line($"global::System.Array.Fill({Storage(register)}, ({CSharp.Type(register.Width)}){reset});");
            }
            w.Line("OnReset();");
        }
        w.Line();
    }

    private static void WriteSaveRestore(CodeWriter w, BoundDevice device)
    {
        w.Line("/// <inheritdoc />");
        using (w.Block("public void Save(global::System.IO.BinaryWriter writer)"))
        {
            foreach (var register in device.Registers.Where(r => !r.Computed))
            {
                w.Line(register.IsArray
                    ? $"foreach (var element in {Storage(register)}) writer.Write(element);"
                    : $"writer.Write({Storage(register)});");
            }
            w.Line("OnSave(writer);");
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block("public void Restore(global::System.IO.BinaryReader reader)"))
        {
            foreach (var register in device.Registers.Where(r => !r.Computed))
            {
                var read = $"reader.{CSharp.ReadMethod(register.Width)}()";
                w.Line(register.IsArray
                    ? $"for (var i = 0; i < {Storage(register)}.Length; i++) {Storage(register)}[i] = {read};"
                    : $"{Storage(register)} = {read};");
            }
            w.Line("OnRestore(reader);");
        }
    }

    // Hooks are optional partial methods: without an implementation the compiler removes the call and its arguments.
    // A skeleton has no members for the summaries to refer to, so it gets the declarations alone.
    internal static void WriteHooks(CodeWriter w, BoundDevice device, bool skeleton = false)
    {
        void Summary(string text)
        {
            if (!skeleton) w.Summary(text);
        }
        w.Line();
        Summary("Called at the end of <see cref=\"Reset\"/>, for state the machine keeps beside the registers.");
        w.Line("partial void OnReset();");
        w.Line();
        Summary("Called at the end of <see cref=\"Save\"/>, to write state the machine keeps beside the registers.");
        w.Line("partial void OnSave(global::System.IO.BinaryWriter writer);");
        w.Line();
        Summary("Called at the end of <see cref=\"Restore\"/>, to read back what <see cref=\"OnSave\"/> wrote.");
        w.Line("partial void OnRestore(global::System.IO.BinaryReader reader);");
        var declared = new HashSet<string>();
        foreach (var register in device.Registers)
        {
            var type = CSharp.Type(register.Width);
            var index = register.IsArray ? "int index, " : "";
            if (register.Computed) WriteComputedPartials(w, register, type);
            if (register.BeforeReadHook is { } before && declared.Add(before))
            {
                w.Line();
                w.Summary($"Called before the guest's read of <see cref=\"{Name(register)}\"/> takes the value, to bring it up to date.");
                w.Line($"partial void {CSharpText.Identifier(before)}({(register.IsArray ? "int index" : "")});");
            }
            if (register.ReadHook is { } read && declared.Add(read))
            {
                w.Line();
                Summary($"Called after the guest reads <see cref=\"{Name(register)}\"/>; may change the value the guest sees.");
                w.Line($"partial void {CSharpText.Identifier(read)}({index}ref {type} value);");
            }
            if (register.WriteHook is { } write && declared.Add(write))
            {
                w.Line();
                Summary($"Called after the guest writes <see cref=\"{Name(register)}\"/>, with the value written.");
                w.Line($"partial void {CSharpText.Identifier(write)}({index}{type} value);");
            }
        }
    }

    private static string Compute(BoundRegister register) => CSharpText.Identifier("Compute" + register.Name);

    private static string Apply(BoundRegister register) => CSharpText.Identifier("Apply" + register.Name);

    // Partial methods with a result must be implemented, so a computed register without its hand-written half does not compile.
    private static void WriteComputedPartials(CodeWriter w, BoundRegister register, string type)
    {
        var index = register.IsArray ? "int index" : "";
        w.Line();
        w.Summary($"Supplies the value of the computed register <see cref=\"{Name(register)}\"/>; the machine implements it.");
        w.Line($"private partial {type} {Compute(register)}({index});");
        if (!AcceptsWrites(register)) return;
        w.Line();
        w.Summary($"Takes a guest write of the computed register <see cref=\"{Name(register)}\"/>, its non-writable bits already cleared; the machine implements it.");
        w.Line($"private partial void {Apply(register)}({(register.IsArray ? "int index, " : "")}{type} value);");
    }

    private static bool AcceptsWrites(BoundRegister register)
    {
        var bits = new RegisterBits(register);
        return bits.Writable || bits.SelfClearing != 0;
    }

    // Constants for the window's layout, so hand-written code names offsets and bits instead of repeating the spec's numbers.
    private static void WriteRegisterMap(CodeWriter w, BoundDevice device)
    {
        w.Line();
        w.Summary("Offsets, field masks and field positions from the spec, for hand-written code that needs the numbers.");
        using (w.Block("public static class RegisterMap"))
        {
            foreach (var register in device.Registers)
            {
                if (!register.State)
                {
                    w.Summary($"Offset of <see cref=\"{Type(device)}.{Name(register)}\"/>{(register.IsArray ? " element 0; elements are " + CSharp.Int((long)register.Stride) + " bytes apart" : "")}.");
                    w.Line($"public const ulong {CSharpText.Identifier(register.Name + "Offset")} = {CSharp.Hex(register.Offset)};");
                    if (register.IsArray)
                    {
                        w.Summary($"Bytes from one element of <see cref=\"{Type(device)}.{Name(register)}\"/> to the next.");
                        w.Line($"public const ulong {CSharpText.Identifier(register.Name + "Stride")} = {CSharp.Hex(register.Stride)};");
                        w.Summary($"Elements of <see cref=\"{Type(device)}.{Name(register)}\"/> (a group's instances for the registers of a group).");
                        w.Line($"public const int {CSharpText.Identifier(register.Name + "Count")} = {CSharp.Int(register.Count)};");
                    }
                }
                foreach (var field in register.Fields)
                {
                    var name = $"{register.Name}_{field.Name}";
                    w.Summary($"Bits {field.Low}..{field.High} of {register.Name}.{field.Name}, in place.");
                    w.Line($"public const {CSharp.Type(register.Width)} {CSharpText.Identifier(name + "Mask")} = {CSharp.Hex(field.Mask, register.Width)};");
                    w.Summary($"Lowest bit of {register.Name}.{field.Name}.");
                    w.Line($"public const int {CSharpText.Identifier(name + "Shift")} = {CSharp.Int(field.Low)};");
                }
            }
        }
    }
}
