package io.segmenter.model;

import static io.segmenter.model.BundleRejectedException.Reason.MALFORMED_NETWORK;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network as two bundle entries: {@code <name>.json}, DL4J's own configuration JSON, and
 * {@code <name>.params}, the flattened parameters. Byte-for-byte deterministic, unlike
 * {@code ModelSerializer}'s nested zip with wall-clock timestamps; no updater state (inference only).
 *
 * <p>Parameter format: big-endian, int magic {@code 0x53474D50} ("SGMP"), one byte data type
 * (1 = FLOAT, 2 = DOUBLE), long count, then count values of that type, in the order of
 * {@code MultiLayerNetwork.params()}.
 */
final class NetworkCodec {

    static final int PARAMS_MAGIC = 0x53474D50;
    private static final byte FLOAT = 1;
    private static final byte DOUBLE = 2;

    private NetworkCodec() {
    }

    static byte[] configuration(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] configuration(ComputationGraph net) {
        return net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] parameters(MultiLayerNetwork net) {
        return parameters(net.params());
    }

    static byte[] parameters(ComputationGraph net) {
        return parameters(net.params());
    }

    private static byte[] parameters(INDArray params) {
        DataType type = params.dataType();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(PARAMS_MAGIC);
                if (type == DataType.FLOAT) {
                    float[] values = params.toFloatVector();
                    out.writeByte(FLOAT);
                    out.writeLong(values.length);
                    for (float v : values) {
                        out.writeFloat(v);
                    }
                } else if (type == DataType.DOUBLE) {
                    double[] values = params.toDoubleVector();
                    out.writeByte(DOUBLE);
                    out.writeLong(values.length);
                    for (double v : values) {
                        out.writeDouble(v);
                    }
                } else {
                    throw new IllegalArgumentException("network parameters must be FLOAT or DOUBLE, not " + type);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** Restores a network; {@code what} names it in rejection messages. */
    static MultiLayerNetwork decode(String what, byte[] configuration, byte[] parameters) throws BundleRejectedException {
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(new String(configuration, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, what + ": configuration does not parse: " + e.getMessage(), e);
        }
        INDArray params = readParameters(what, parameters);
        if (params.dataType() != conf.getDataType()) {
            throw new BundleRejectedException(MALFORMED_NETWORK,
                    what + ": parameters are " + params.dataType() + " but the network is " + conf.getDataType());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        try {
            net.init(params, false);
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK,
                    what + ": " + params.length() + " parameters do not fit the configuration: " + e.getMessage(), e);
        }
        if (net.numParams() != params.length()) {
            throw new BundleRejectedException(MALFORMED_NETWORK,
                    what + ": configuration needs " + net.numParams() + " parameters, the bundle has " + params.length());
        }
        return net;
    }

    /** Restores a computation graph; {@code what} names it in rejection messages. */
    static ComputationGraph decodeGraph(String what, byte[] configuration, byte[] parameters)
            throws BundleRejectedException {
        ComputationGraphConfiguration conf;
        try {
            conf = ComputationGraphConfiguration.fromJson(new String(configuration, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, what + ": configuration does not parse: " + e.getMessage(), e);
        }
        INDArray params = readParameters(what, parameters);
        ComputationGraph net = new ComputationGraph(conf);
        try {
            net.init(params, false);
        } catch (RuntimeException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK,
                    what + ": " + params.length() + " parameters do not fit the configuration: " + e.getMessage(), e);
        }
        if (net.numParams() != params.length()) {
            throw new BundleRejectedException(MALFORMED_NETWORK,
                    what + ": configuration needs " + net.numParams() + " parameters, the bundle has " + params.length());
        }
        return net;
    }

    private static INDArray readParameters(String what, byte[] parameters) throws BundleRejectedException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            if (in.readInt() != PARAMS_MAGIC) {
                throw new BundleRejectedException(MALFORMED_NETWORK, what + ": parameters lack the SGMP header");
            }
            byte type = in.readByte();
            long count = in.readLong();
            int width = type == FLOAT ? Float.BYTES : type == DOUBLE ? Double.BYTES : -1;
            if (width < 0) {
                throw new BundleRejectedException(MALFORMED_NETWORK, what + ": unknown parameter data type " + type);
            }
            long expectedBytes = 4 + 1 + 8 + count * width;
            if (count <= 0 || count > Integer.MAX_VALUE || expectedBytes != parameters.length) {
                throw new BundleRejectedException(MALFORMED_NETWORK, what + ": parameter count " + count + " does not match "
                        + parameters.length + " bytes");
            }
            long[] shape = {1, count};
            if (type == FLOAT) {
                float[] values = new float[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                return Nd4j.create(values, shape, 'c');
            }
            double[] values = new double[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            return Nd4j.create(values, shape, 'c');
        } catch (IOException e) {
            throw new BundleRejectedException(MALFORMED_NETWORK, what + ": parameters are truncated", e);
        }
    }
}
