import numpy as np
import torch


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, x):
        for t in self.transforms:
            x = t(x)
        return x


class ToTensor:
    """PIL 'L' image -> float tensor [1, H, W] in [0, 1], as torchvision's ToTensor."""
    def __call__(self, image):
        array = np.array(image, dtype=np.uint8, copy=True)
        return torch.from_numpy(array).unsqueeze(0).float().div(255)


class Normalize:
    def __init__(self, mean, std):
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def __call__(self, tensor):
        return tensor.sub(self.mean).div(self.std)


def __getattr__(name):
    raise AttributeError(f"torchvision stand-in: transforms.{name} is not provided (only the MNIST path is)")
