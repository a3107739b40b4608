namespace HvDsl.Runtime.Tests.Conformance;

public class StateComparerTests
{
    private static readonly ConformanceRun Halted = new(true, null, null);

    private static FakeCpu After(ConformanceVector vector, System.Action<FakeCpu> change)
    {
        var cpu = new FakeCpu(_ => Halted);
        for (var r = 0; r < VectorRegisters.Count; r++)
            cpu.Registers[r] = vector.Final.Registers[r] ?? vector.Initial.Registers[r] ?? 0;
        foreach (var cell in vector.Initial.Ram)
            cpu.Ram[cell.Key] = cell.Value;
        foreach (var cell in vector.Final.Ram)
            cpu.Ram[cell.Key] = cell.Value;
        change(cpu);
        return cpu;
    }

    [Fact]
    public void Registers_absent_from_the_final_state_must_be_unchanged()
    {
        ConformanceVector vector = Vectors.Make("90", [0x90, 0xF4], final: [(VectorRegister.Ip, 0x102)]);
        FakeCpu cpu = After(vector, c => c.Registers[(int)VectorRegister.Bx] = 1);
        Assert.Equal(["bx: expected 0000, actual 0001"], StateComparer.Compare(vector, 0x0FFF, cpu, Halted));
    }

    [Fact]
    public void Flags_are_compared_under_the_mask_only()
    {
        ConformanceVector vector = Vectors.Make("08", [0x08, 0xC0, 0xF4], final: [(VectorRegister.Flags, 0x0046)]);
        FakeCpu masked = After(vector, c => c.Registers[(int)VectorRegister.Flags] = 0x0056);
        FakeCpu wrong = After(vector, c => c.Registers[(int)VectorRegister.Flags] = 0x0047);
        Assert.Empty(StateComparer.Compare(vector, 0x0FEF, masked, Halted));
        Assert.Contains("CF differ", Assert.Single(StateComparer.Compare(vector, 0x0FEF, wrong, Halted)));
    }

    [Fact]
    public void Ram_bytes_must_hold_final_values_and_keep_initial_ones()
    {
        ConformanceVector vector = Vectors.Make("88", [0x88, 0x07, 0xF4],
            initialRam: [Vectors.Cell(0x200, 1), Vectors.Cell(0x201, 2)], finalRam: [Vectors.Cell(0x200, 9)]);
        FakeCpu cpu = After(vector, c => c.Ram[0x201] = 3);
        Assert.Equal(["ram[000201]: expected 02, actual 03"], StateComparer.Compare(vector, 0x0FFF, cpu, Halted));
    }

    [Fact]
    public void Missing_interrupt_is_a_difference()
    {
        ConformanceVector vector = Vectors.Make("CC", [0xCC, 0xF4], exception: new ExpectedException(3, 0x300));
        FakeCpu cpu = After(vector, _ => { });
        Assert.Equal(["interrupt: expected vector 3, actual none"], StateComparer.Compare(vector, 0x0FFF, cpu, Halted));
    }

    [Fact]
    public void Pushed_flags_word_is_compared_under_the_mask()
    {
        ConformanceVector vector = Vectors.Make("F6.6", [0xF6, 0xF0, 0xF4], exception: new ExpectedException(0, 0x300),
            finalRam: [Vectors.Cell(0x300, 0x02), Vectors.Cell(0x301, 0x00)]);
        FakeCpu undefinedDiffers = After(vector, c => c.Ram[0x300] = 0x03);
        FakeCpu definedDiffers = After(vector, c => c.Ram[0x301] = 0x04);
        var run = new ConformanceRun(true, 0, null);
        Assert.Empty(StateComparer.Compare(vector, 0xF72A, undefinedDiffers, run));
        Assert.Single(StateComparer.Compare(vector, 0xF72A, definedDiffers, run));
    }

    [Fact]
    public void Pushed_flags_word_starts_one_above_the_rounded_flag_address_when_sp_is_odd()
    {
        ConformanceVector vector = Vectors.Make("F6.6", [0xF6, 0xF0, 0xF4], initial: [(VectorRegister.Sp, 0x0305)],
            exception: new ExpectedException(0, 0x302),
            finalRam: [Vectors.Cell(0x302, 0x00), Vectors.Cell(0x303, 0x02), Vectors.Cell(0x304, 0x00)]);
        FakeCpu undefinedDiffers = After(vector, c => c.Ram[0x303] = 0x03);
        FakeCpu csDiffers = After(vector, c => c.Ram[0x302] = 0x01);
        var run = new ConformanceRun(true, 0, null);
        Assert.Empty(StateComparer.Compare(vector, 0xF72A, undefinedDiffers, run));
        Assert.Single(StateComparer.Compare(vector, 0xF72A, csDiffers, run));
    }

    [Fact]
    public void Run_without_a_halt_is_a_difference()
    {
        ConformanceVector vector = Vectors.Make("EB", [0xEB, 0xFE, 0xF4]);
        FakeCpu cpu = After(vector, _ => { });
        var run = new ConformanceRun(false, null, "instruction budget spent");
        Assert.Equal(["no HLT reached: instruction budget spent"], StateComparer.Compare(vector, 0x0FFF, cpu, run));
    }
}
