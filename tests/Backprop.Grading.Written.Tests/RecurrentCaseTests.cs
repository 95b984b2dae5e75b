using Backprop.Kernel;
using Backprop.Kernel.Checking;
using Backprop.Kernel.Written;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Grading.Written.Tests;

/// <summary>The whole recurrent case a written result is evaluated on is the case the code item is checked on.</summary>
public sealed class RecurrentCaseTests
{
    [Fact]
    public void A_recurrent_case_holds_the_one_step_items_inputs_and_expected_value()
    {
        foreach (var spec in Support.Specs)
        {
            var item = CheckItems.P2.dJ_dhPrev.Build(spec);
            var world = CheckItems.Recurrent(spec, Recurrence.Tanh);
            int t = world.Step;
            Assert.Equal((Matrix<double>)item.Inputs[0], world.Wr);
            Assert.Equal((Vector<double>)item.Inputs[1], world.Trace.Hs[t]);
            Assert.Equal((Vector<double>)item.Inputs[2], world.Dhs[t]);
            Assert.Equal(item.Expected.Values, world.Dhs[t - 1].ToArray());

            var residual = CheckItems.P3.dJ_dhPrev_residual.Build(spec);
            var residualWorld = CheckItems.Recurrent(spec, Recurrence.Residual);
            Assert.Equal((Vector<double>)residual.Inputs[1], residualWorld.Trace.Gs[residualWorld.Step]);
        }
    }
}
