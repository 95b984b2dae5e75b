namespace Backprop.Kernel.Tests;

public class ValidationTests
{
    [Fact]
    public void A_wrong_Wr_shape_names_the_expected_and_actual_shapes_with_letters()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecurrentModel(
            Matrix<double>.Build.Dense(4, 8), Matrix<double>.Build.Dense(4, 8), Matrix<double>.Build.Dense(8, 4), Recurrence.Tanh));
        Assert.StartsWith("Wr must be M×M = 4×4 but is 4×8", error.Message);
    }

    [Fact]
    public void A_wrong_Wu_shape_names_the_expected_and_actual_shapes_with_letters()
    {
        var error = Assert.Throws<ArgumentException>(() => new WordMlp(Matrix<double>.Build.Dense(4, 8), Matrix<double>.Build.Dense(4, 8)));
        Assert.StartsWith("Wu must be N×M = 8×4 but is 4×8", error.Message);
    }

    [Fact]
    public void An_unknown_word_lists_the_vocabulary()
    {
        var error = Assert.Throws<UnknownWordException>(() => Vocabulary.Default.Encode("I love pizza"));
        Assert.Contains("Unknown word \"pizza\"", error.Message);
        foreach (var word in Vocabulary.Default.Words)
        {
            Assert.Contains(word, error.Message);
        }
    }

    [Fact]
    public void Vocabulary_rejects_duplicates_and_empty_words()
    {
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new Vocabulary(["a", "b", "a"])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Vocabulary(["a", " "])).Message);
    }

    [Fact]
    public void Default_vocabulary_holds_the_problem_sentence_and_its_next_word()
    {
        Assert.Equal(["I", "love", "machine"], Vocabulary.Default.Encode("I love machine").Select(i => Vocabulary.Default[i]));
        Assert.True(Vocabulary.Default.Contains("learning"));
        var x = Vocabulary.Default.OneHot("love");
        Assert.Equal(1.0, x.Sum());
        Assert.Equal(1.0, x[Vocabulary.Default.IndexOf("love")]);
    }

    [Fact]
    public void NaN_in_weights_is_rejected_with_the_matrix_and_entry()
    {
        var We = Weights.Gaussian(3, 5, 1, seed: 1);
        We[2, 4] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => new RecurrentModel(We, Weights.Gaussian(3, 3, 1, 2), Weights.Gaussian(5, 3, 1, 3), Recurrence.Tanh));
        Assert.StartsWith("We[2,4] is NaN", error.Message);
    }

    [Fact]
    public void Infinity_written_into_weights_after_construction_is_caught_by_forward()
    {
        var model = RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 1);
        model.Wu[1, 2] = double.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() => model.Forward([0, 1], 2));
        Assert.StartsWith("Wu[1,2] is ∞", error.Message.Replace("Infinity", "∞"));
    }

    [Fact]
    public void Out_of_range_words_and_empty_sentences_are_rejected()
    {
        var model = RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 1);
        Assert.Contains("0..4", Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward([0, 7], 1)).Message);
        Assert.Contains("T ≥ 1", Assert.Throws<ArgumentException>(() => model.Forward([], 1)).Message);
    }

    [Fact]
    public void A_trace_from_a_different_model_is_rejected_by_backward()
    {
        var small = RecurrentModel.Random(5, 3, Recurrence.Tanh, seed: 1);
        var large = RecurrentModel.Random(5, 4, Recurrence.Tanh, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => large.Backward(small.Forward([0], 1)));
        Assert.Contains("M = 4", error.Message);
    }

    [Fact]
    public void A_box_given_mismatched_shapes_fails_with_the_shapes()
    {
        var ex = Record.Exception(() => Boxes.P1.dJ_dh(Matrix<double>.Build.Dense(8, 4), Vector<double>.Build.Dense(5)));
        Assert.NotNull(ex);
    }
}
