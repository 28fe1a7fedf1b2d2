package org.ordersweep.domain;

import java.io.Serializable;

/** The shape of one input example: channels x height x width (height 1 for sequences), and the class count. */
public record InputShape(int channels, int height, int width, int classes) implements Serializable {
}
