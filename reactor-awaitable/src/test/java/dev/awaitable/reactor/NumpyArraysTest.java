package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jep.NDArray;

/**
 * numpy arrays cross as Java primitive arrays (and Jep's NDArray with a shape) in one copy, and Java
 * primitive arrays arrive in Python as ndarrays.
 */
class NumpyArraysTest extends SharedRuntimeTest {

    @Test
    void aFloat32VectorArrivesAsAFloatArray() {
        float[] vector = (float[]) AwaitableFlux.mono(runtime, "ra_test.arrays:embedding", 1536).block();
        assertThat(vector).hasSize(1536);
        assertThat(vector[0]).isZero();
        assertThat(vector[1535]).isEqualTo(767.5f);
    }

    @Test
    void eachDtypeArrivesAsItsPrimitiveArray() {
        assertThat((double[]) call("ra_test.arrays:of_dtype", "float64")).containsExactly(1, 0, 2);
        assertThat((int[]) call("ra_test.arrays:of_dtype", "int32")).containsExactly(1, 0, 2);
        assertThat((long[]) call("ra_test.arrays:of_dtype", "int64")).containsExactly(1, 0, 2);
        assertThat((short[]) call("ra_test.arrays:of_dtype", "int16")).containsExactly(1, 0, 2);
        assertThat((byte[]) call("ra_test.arrays:of_dtype", "int8")).containsExactly(1, 0, 2);
        assertThat((boolean[]) call("ra_test.arrays:of_dtype", "bool")).containsExactly(true, false, true);
        assertThat((float[]) call("ra_test.arrays:of_dtype", ">f4")).containsExactly(1, 0, 2); // big-endian too
    }

    @Test
    void aMatrixArrivesAsAnNDArrayWithItsShape() {
        NDArray<?> matrix = (NDArray<?>) call("ra_test.arrays:matrix");
        assertThat(matrix.getDimensions()).containsExactly(2, 3);
        assertThat((double[]) matrix.getData()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void javaPrimitiveArraysAndNDArraysArriveAsNdarrays() {
        assertThat(call("ra_test.arrays:describe", (Object) new float[] {1.5f, 2.5f})).isEqualTo(List.of("ndarray", "float32", List.of(2L), 4.0));
        assertThat(call("ra_test.arrays:describe", (Object) new long[] {1, 2, 3})).isEqualTo(List.of("ndarray", "int64", List.of(3L), 6.0));
        assertThat(call("ra_test.arrays:describe", (Object) new boolean[] {true, true})).isEqualTo(List.of("ndarray", "bool", List.of(2L), 2.0));
        NDArray<double[]> matrix = new NDArray<>(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertThat(call("ra_test.arrays:describe", matrix)).isEqualTo(List.of("ndarray", "float64", List.of(3L, 2L), 21.0));
        assertThat((int[]) call("ra_test.arrays:doubled", (Object) new int[] {1, 2, 3})).containsExactly(2, 4, 6);
    }

    @Test
    void fiftyMegabytesCrossWholeBothWays() {
        float[] big = (float[]) call("ra_test.arrays:big", 50);
        assertThat(big).hasSize(50 * 1024 * 1024 / 4);
        assertThat(big[big.length - 1]).isEqualTo(1f);
        float[] doubled = (float[]) call("ra_test.arrays:doubled", (Object) big);
        assertThat(doubled).hasSize(big.length);
        assertThat(doubled[0]).isEqualTo(2f);
        assertThat(doubled[doubled.length - 1]).isEqualTo(2f);
    }

    @Test
    void numpyScalarsCrossAsTheirJavaValues() {
        assertThat(call("ra_test.arrays:scalars")).isEqualTo(Map.of("f", 1.5, "i", 7L, "b", true));
    }

    @Test
    void anArrayOfADtypeJavaHasNoArrayForIsRefusedWithTheFix() {
        assertThatThrownBy(() -> call("ra_test.arrays:complex_numbers"))
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("result is a numpy array of dtype complex128, which has no Java primitive array")
                .hasMessageContaining(".astype(numpy.float64)");
    }

    private Object call(String target, Object... args) {
        return AwaitableFlux.mono(runtime, target, args).block();
    }
}
